/** Figures derived from the measurements of one run: ratios to its floors, rows per signature, capacity. */
import type { D1Cost } from './cost';
import type { DrainResult } from './drain';
import type { EndToEnd } from './e2e';
import type { Load } from './load';
import type { SmallCostPhase } from './phase-costs';
import type { SpeedPhase } from './phase-speed';

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
export const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : 0);

export type Way = 'straight' | 'through wrangler dev';
/** What a target is judged on: req/s (subject ÷ base, at least the target) or the Worker's CPU per request (subject ÷ base, at most the target). */
export type Basis = 'rps' | 'cpu';
export type Comparison = {
  what: string; way: Way; subject: string; base: string; rps: number; baseRps: number; ratio: number;
  cpu: number; baseCpu: number; cpuRatio: number; basis: Basis; target: number | null;
};

/** [what, subject, base, basis, target]: each route against the floor of the same run it is judged by. */
const PAIRS: [string, string, string, Basis, number | null][] = [
  // "Costs within ~20% of a bare Hono app's": the Worker's CPU per request, which the
  // shared cores disturb far less than req/s of a route this cheap.
  ['/health through the middleware vs a bare Hono app', 'app /health', 'bare Hono /health', 'cpu', 1.2],
  ['count (?lang=) vs the app\'s /health', 'count', 'app /health', 'rps', 0.8],
  ['campaign page vs the app\'s /health', 'page', 'app /health', 'rps', 0.5],
  ['signing vs the floor\'s signing', 'sign', 'floor sign', 'rps', 0.7],
  ['confirming vs the floor\'s confirming', 'confirm', 'floor confirm', 'rps', 0.7],
  ['bare Hono vs the bare Worker, /health', 'bare Hono /health', 'floor /health', 'rps', null],
];

/** Every comparison, for both ways in. */
export function comparisons(s: SpeedPhase): Comparison[] {
  const out: Comparison[] = [];
  for (const [way, loads] of [['straight', s.direct], ['through wrangler dev', s.viaWrangler]] as const) {
    for (const [what, subject, base, basis, target] of PAIRS) {
      const a = loads[subject];
      const b = loads[base];
      if (!a || !b) continue;
      out.push({
        what, way, subject, base, rps: a.rps, baseRps: b.rps, ratio: ratio(a.rps, b.rps),
        cpu: a.cpuMs.app, baseCpu: b.cpuMs.app, cpuRatio: ratio(a.cpuMs.app, b.cpuMs.app), basis, target,
      });
    }
  }
  return out;
}

/** Whether a comparison meets its target (false when it has none). */
export function meets(c: Comparison): boolean {
  if (c.target === null) return false;
  return c.basis === 'cpu' ? c.cpuRatio <= c.target && c.cpuRatio > 0 : c.ratio >= c.target;
}

/** The target as text: `≥ 0.7× req/s` or `≤ 1.2× CPU/req`. */
export function targetText(c: Comparison): string {
  if (c.target === null) return '';
  return c.basis === 'cpu' ? `Worker CPU/req ≤ ${c.target}×` : `req/s ≥ ${c.target}×`;
}

/** Signatures counted per second with signing and confirming run together (the slower of the two), app and floor. */
export function together(s: SpeedPhase): { app: number; floor: number; ratio: number } | null {
  const d = s.direct;
  const pairs = (sign?: Load, confirm?: Load) => (sign && confirm ? Math.min(sign.rps, confirm.rps) : null);
  const app = pairs(d['together sign'], d['together confirm']);
  const floor = pairs(d['floor together sign'], d['floor together confirm']);
  return app === null || floor === null ? null : { app, floor, ratio: ratio(app, floor) };
}

export const FREE_TIER_ROWS_PER_DAY = 100_000;
export const CRON_RUNS_PER_DAY = 24 * 60;

export type SignatureRows = {
  signConfirm: number;
  signMail: number;
  confirmMail: number;
  whole: number;
  messages: number;
  /** Rows the minute cron writes by itself in a day (idle runs), before any signature. */
  cronPerDay: number;
  /** Signatures a day whose writes, mail included, fit the free tier's 100,000 rows (after the cron's own). */
  perDay: number;
};

export function signatureRows(run: EndToEnd, idleCron: D1Cost): SignatureRows {
  const signConfirm = run.sign.rowsWritten + run.confirm.rowsWritten;
  const whole = run.total.rowsWritten;
  const cronPerDay = idleCron.rowsWritten * CRON_RUNS_PER_DAY;
  return {
    signConfirm, signMail: run.signMail.cost.rowsWritten, confirmMail: run.confirmMail.cost.rowsWritten, whole,
    messages: run.signMail.messages + run.confirmMail.messages, cronPerDay,
    perDay: whole > 0 ? Math.floor((FREE_TIER_ROWS_PER_DAY - cronPerDay) / whole) : 0,
  };
}

/** The end-to-end run without a target (the reference path). */
export function plainRun(small: SmallCostPhase): EndToEnd | null {
  return small.e2e.runs.find((r) => r.target === null) ?? null;
}

/**
 * What one D1 database (one SQLite writer) carries at the measured D1 time: signing +
 * confirming, and with the drain of their mail at the drain phase's time per message.
 */
export function capacity(small: SmallCostPhase, drain: DrainResult | null): { ms: number; perSecond: number; withMailMs: number | null; withMailPerSecond: number | null } {
  const ms = small.d1Time.meanMs;
  const run = plainRun(small);
  const mailMs = drain && run ? (run.signMail.messages + run.confirmMail.messages) * drain.perMessage.ms : null;
  const withMailMs = mailMs === null ? null : round(ms + mailMs, 3);
  return { ms, perSecond: ms > 0 ? Math.round(1000 / ms) : 0, withMailMs, withMailPerSecond: withMailMs ? Math.round(1000 / withMailMs) : null };
}
