/** The shape of bench/results.json: what each phase measured, or why it failed. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { DrainResult } from './drain';
import type { MailPhase } from './phase-mail';
import type { LargeCostPhase, SmallCostPhase } from './phase-costs';
import type { ExportResult } from './phase-export';
import type { SpeedPhase } from './phase-speed';
import type { PlansPhase } from './phase-plans';
import type { SurgePhase } from './phase-surge';

export type Outcome<T> = { ok: true; value: T; seconds: number } | { ok: false; error: string; seconds: number };

export type Machine = { cores: number; cpu: string; node: string; wrangler: string; sqlite3: string; loadAverageAtStart: number; loadAverageAtEnd?: number };

export type Results = {
  date: string;
  quick: boolean;
  machine: Machine;
  harness: string;
  load: { seconds: number; connections: number; slices: number };
  ladderSeconds: number;
  phases: {
    costsSmall: Outcome<SmallCostPhase>;
    speed: Outcome<SpeedPhase>;
    surge: Outcome<SurgePhase>;
    drain: Outcome<DrainResult>;
    mail?: Outcome<MailPhase>;
    costsLarge: Outcome<LargeCostPhase>;
    export: Outcome<ExportResult>;
    plans: Outcome<PlansPhase>;
  };
  seconds: number;
};

export const PHASE_KEYS = ['costsSmall', 'speed', 'surge', 'drain', 'costsLarge', 'export', 'plans'] as const;

export const PHASE_NAMES: Record<keyof Results['phases'], string> = {
  costsSmall: 'D1 cost per operation and per signature end to end (small database)',
  speed: 'app against the floors, straight and through wrangler dev; middleware ladder',
  surge: 'one-minute surge (20 page : 20 count : 2 sign : 1 confirm) and its checks',
  drain: 'drainer against the fake Resend',
  mail: 'one cron run under the free and paid limits (1,000 and 10,000 due)',
  costsLarge: 'D1 cost per operation (large database) and the count there',
  export: 'CSV export at scale beside sqlite3',
  plans: 'Worker requests per visit and per signature (Chromium, fake clock), bytes per signature: what each plan carries',
};

/** The value of a phase that succeeded, else null. */
export function valueOf<T>(o: Outcome<T>): T | null {
  return o.ok ? o.value : null;
}

export function machine(sqlite3: string): Machine {
  let wrangler = 'unknown';
  try {
    wrangler = execFileSync('npx', ['wrangler', '--version'], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1) ?? wrangler;
  } catch {
    // Reported as unknown.
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, wrangler, sqlite3, loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
}

export const HARNESS = `wrangler dev --persist-to <fresh folder> for each Worker (workerd with miniflare's local D1 on SQLite; the app is the same Worker as \`npm start\`), load from autocannon in the bench's own Node process on the same machine, sent either straight to the socket of the workerd that runs the Worker (its miniflare entry worker) or through wrangler dev's own port (its proxy worker, as \`npm start\` serves); mail through the Resend SDK to the tests' fake Resend on loopback`;
