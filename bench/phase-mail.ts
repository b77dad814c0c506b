/**
 * The outbox under the real limits (issue 23): for 1,000 and 10,000 messages due, what one
 * minute-cron invocation sends on the free profile (50 subrequests: its messages a minute)
 * and on the paid one (1,000), and the Worker CPU it used outside D1 (the app's workerd CPU
 * less D1's own time, which in wrangler dev runs in the same process).
 */
import { freshCopy, sqliteFile, startApp } from './app';
import { SLUG } from './client';
import { type BenchConfig, PORTS } from './config';
import { addCost, isolateTotals } from './cost';
import { FAKE_KEY, fakeVars } from './drain';
import { campaignId, seedOutbox } from './sqlite';
import type { FakeResend } from '../test/fake-resend/server';

/**
 * `cpuMs` is the app's workerd CPU for the run (local D1's SQLite runs in it too); `d1Ms` the
 * time D1 reports for its statements (wall time); `cpuMsOutsideD1` their difference, an
 * estimate only (on a loaded machine D1's wall time exceeds the CPU it used, and the
 * difference reads 0).
 */
export type MailRun = { plan: 'free' | 'paid'; due: number; sentInOneRun: number; statements: number; providerCalls: number; cpuMs: number; d1Ms: number; cpuMsOutsideD1: number; cpuMsPerMessage: number };
export type MailPhase = { runs: MailRun[] };

/** One cron invocation over `due` messages on `plan`. */
async function oneRun(template: string, fake: FakeResend, plan: 'free' | 'paid', due: number): Promise<MailRun> {
  fake.reset(FAKE_KEY);
  const dir = freshCopy(template);
  const file = sqliteFile(dir);
  seedOutbox(file, campaignId(file, SLUG), due);
  const app = await startApp({ persistDir: dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars: { ...fakeVars(fake), WORKERS_PLAN: plan } });
  try {
    const before = await isolateTotals(app);
    const cpuBefore = app.cpuSeconds().app;
    const res = await fetch(`${app.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`, { signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
    const cpuMs = (app.cpuSeconds().app - cpuBefore) * 1000;
    // The /health that reads the totals is one query of its own.
    const spent = addCost(await isolateTotals(app), before, -1);
    const stats = fake.stats(FAKE_KEY);
    const round = (v: number) => Math.round(v * 10) / 10;
    const sent = stats.delivered.length;
    return {
      plan, due, sentInOneRun: sent, statements: spent.queries - 1, providerCalls: stats.requests, cpuMs: round(cpuMs), d1Ms: round(spent.ms),
      cpuMsOutsideD1: round(Math.max(0, cpuMs - spent.ms)), cpuMsPerMessage: round(cpuMs / Math.max(1, sent)),
    };
  } finally {
    await app.stop();
  }
}

/** Both plans at both sizes. */
export async function mailPhase(template: string, _cfg: BenchConfig, fake: FakeResend, log: (s: string) => void): Promise<MailPhase> {
  const runs: MailRun[] = [];
  for (const due of [1_000, 10_000]) {
    for (const plan of ['free', 'paid'] as const) {
      const run = await oneRun(template, fake, plan, due);
      log(`mail: ${JSON.stringify(run)}`);
      runs.push(run);
    }
  }
  return { runs };
}
