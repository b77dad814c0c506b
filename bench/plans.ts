/**
 * What each plan carries, from one run's measurements: the plans phase (requests per visit and
 * per signature, emails and recipients per signature, bytes per signature) and the small cost
 * phase (D1 rows written per signature, mail and the idle cron included). Limits come from
 * src/lib/platform-limits.ts only.
 */
import { D1, RESEND, WORKERS_FREE, WORKERS_PAID_PRICING } from '../src/lib/platform-limits';
import { CRON_RUNS_PER_DAY, signatureRows } from './figures';
import type { PlansPhase } from './phase-plans';
import { type Results, valueOf } from './results';

const DAYS_PER_MONTH = 30;

/** One limit and the signatures a day it allows. */
export type Limit = { what: string; perSignature: number; unit: string; perDay: number };
export type Plan = { name: string; limits: Limit[]; binding: Limit };

export type PlanFigures = {
  /** Worker requests a signer makes: the signing journey, and two minutes of reading first. */
  requestsPerSignature: number;
  rowsPerSignature: number;
  recipientsPerSignature: number;
  /** Two-minute visits (that do not sign) and widget views that 100,000 requests a day carry. */
  visitsPerDay: number;
  widgetViewsPerDay: number;
  free: Plan;
  paid: Plan;
  /** Signatures one D1 database holds, by plan. */
  largest: { free: number; paid: number; bytesPerSignature: number };
};

const floor = (x: number) => (Number.isFinite(x) ? Math.max(0, Math.floor(x)) : 0);

function plan(name: string, limits: Limit[]): Plan {
  const binding = limits.reduce((a, b) => (b.perDay < a.perDay ? b : a));
  return { name, limits, binding };
}

/** The figures, or null when the plans phase or the small cost phase did not run. */
export function planFigures(r: Results): PlanFigures | null {
  const p: PlansPhase | null = valueOf(r.phases.plans);
  const small = valueOf(r.phases.costsSmall);
  // A supporter with a target (the page preselects their country's embassy): the dearer path.
  const run = small?.e2e.runs.find((x) => x.target !== null) ?? small?.e2e.runs[0];
  if (!p || !small || !run) return null;
  const rows = signatureRows(run, small.e2e.idleCron);
  const v = p.visits;
  // The minute cron's runs are invocations too; counted here against the daily requests, the strict reading.
  const requestsPerDay = (WORKERS_FREE.requestsPerDay ?? 0) - CRON_RUNS_PER_DAY;
  const requestsPerSignature = v.signing + Math.max(0, v.page - 1);
  const recipients = v.recipients;
  const free = plan('Workers Free + D1 Free + Resend Free', [
    { what: 'Worker requests (100,000 a day, less 1,440 cron runs)', perSignature: requestsPerSignature, unit: 'requests', perDay: floor(requestsPerDay / requestsPerSignature) },
    { what: 'D1 rows written (100,000 a day, less the idle cron\'s)', perSignature: rows.whole, unit: 'rows', perDay: rows.perDay },
    { what: `Resend emails (${RESEND.free.emailsPerDay} a day, every To and CC)`, perSignature: recipients, unit: 'emails', perDay: floor(RESEND.free.emailsPerDay / recipients) },
  ]);
  const paidRows = D1.rowsWritten.paidIncludedPerMonth / DAYS_PER_MONTH - rows.cronPerDay;
  const paid = plan('Workers Paid ($5) + D1 included + Resend Pro', [
    { what: `Worker requests (${(WORKERS_PAID_PRICING.requestsIncludedPerMonth / 1e6).toLocaleString('en')} million a month included)`, perSignature: requestsPerSignature, unit: 'requests', perDay: floor((WORKERS_PAID_PRICING.requestsIncludedPerMonth / DAYS_PER_MONTH - CRON_RUNS_PER_DAY) / requestsPerSignature) },
    { what: `D1 rows written (${(D1.rowsWritten.paidIncludedPerMonth / 1e6).toLocaleString('en')} million a month included)`, perSignature: rows.whole, unit: 'rows', perDay: floor(paidRows / rows.whole) },
    { what: `Resend emails (${RESEND.pro.emailsPerMonth.toLocaleString('en')} a month)`, perSignature: recipients, unit: 'emails', perDay: floor(RESEND.pro.emailsPerMonth / DAYS_PER_MONTH / recipients) },
  ]);
  const bytes = p.footprint.bytesPerSignature;
  return {
    requestsPerSignature, rowsPerSignature: rows.whole, recipientsPerSignature: recipients,
    visitsPerDay: floor(requestsPerDay / v.page), widgetViewsPerDay: floor(requestsPerDay / v.widget),
    free, paid,
    largest: { free: floor(D1.maxDatabaseBytes.free / bytes), paid: floor(D1.maxDatabaseBytes.paid / bytes), bytesPerSignature: bytes },
  };
}

const n = (x: number) => x.toLocaleString('en');

function planRows(p: Plan): string[][] {
  return [['limit', 'per signature', 'signatures a day', 'binds first'], ...p.limits.map((l) => [l.what, `${n(l.perSignature)} ${l.unit}`, n(l.perDay), l === p.binding ? '**yes**' : ''])];
}

/** BENCHMARKS.md's section: what the plans carry, and the measurements behind it. */
export function plansSection(r: Results, table: (rows: string[][]) => string): string {
  const o = r.phases.plans;
  if (!o.ok) return `## What each plan carries\n\n**Not measured in this run: the phase failed** (${o.error.split('\n')[0]}).`;
  const f = planFigures(r);
  const v = o.value.visits;
  const fp = o.value.footprint;
  if (!f) return '## What each plan carries\n\nNot computed: the small cost phase failed in this run.';
  return `## What each plan carries

Measured in Chromium with Playwright's fake clock against the app under \`wrangler dev\` (which serves
\`public/\` before the Worker, as Cloudflare does; a Worker answer carries \`X-Request-Id\`, a static file does not):

- a two-minute visit to the campaign page that does not sign: **${v.page} Worker requests** (the page, then the live
  count and wall, backing off); 100,000 requests a day (less the 1,440 minute-cron runs) carry **${n(f.visitsPerDay)} such visits**;
- a two-minute visit to another site showing the count widget: **${v.widget} requests** (${n(f.widgetViewsPerDay)} such views a day);
- signing on the page and confirming from the mail: **${v.signing} requests** (${v.signingPaths.map((x) => `\`${x.split('?')[0]!.replace(/\/s\/[^/]+/, '/s/…')}\``).join(', ')}),
  so **${f.requestsPerSignature}** with two minutes of reading first;
- that signature's mail (demo campaign, a target chosen): **${v.mails} emails to ${v.recipients} recipients** (Resend counts every To and CC);
- D1 rows written per signature, its mail included: **${f.rowsPerSignature}** (small cost phase, with a target; the idle
  minute cron's own rows come off each day's allowance);
- bytes per signature: **${n(fp.bytesPerSignature)}**: the browser's signature added ${n(fp.realPayload)} bytes of rows and index entries
  (its own, and its mail's outbox rows, which stay as the ledger's evidence), scaled by the file's own overhead: the local
  D1 file grew from ${n(fp.bytesBefore)} to ${n(fp.bytesAfter)} bytes with ${n(fp.signatures)} seeded signatures of ${n(fp.seededPayloadPerSignature)} bytes each. Measured
  right after the mail went out, it is an upper bound: the daily privacy sweep later deletes the link mail's and the receipt's rows.

**${f.free.name}:**

${table(planRows(f.free))}

**${f.paid.name}** (a month's allowance spread over 30 days; past Workers' and D1's, each million more is billed, Resend Pro is a quota):

${table(planRows(f.paid))}

**The largest campaign one D1 database holds** (at most; see bytes per signature above): ${n(f.largest.free)} signatures on D1 Free (${n(D1.maxDatabaseBytes.free / 1e6)} MB),
${n(f.largest.paid)} on Workers Paid (${n(D1.maxDatabaseBytes.paid / 1e9)} GB), at ${n(f.largest.bytesPerSignature)} bytes each.`;
}

/** The README's rows for these figures. */
export function planReadmeRows(r: Results): string[][] {
  const f = planFigures(r);
  if (!f) return [];
  const v = valueOf(r.phases.plans);
  const b = (p: Plan) => `**${n(p.binding.perDay)} signatures/day**, bound by ${p.binding.what.split(' (')[0]} (${p.binding.perSignature} per signature)`;
  return [
    ['Worker requests per visit', `two minutes on the campaign page: ${v?.visits.page}; widget on another site: ${v?.visits.widget}; 100,000 a day carry ${n(f.visitsPerDay)} page visits; a signature ${f.requestsPerSignature}`],
    ['Workers Free + D1 Free + Resend Free', b(f.free)],
    ['Workers Paid + Resend Pro', b(f.paid)],
    ['largest campaign in one D1 database', `${n(f.largest.free)} signatures (Free, 500 MB), ${n(f.largest.paid)} (Paid, 10 GB): ${n(f.largest.bytesPerSignature)} bytes each`],
  ];
}
