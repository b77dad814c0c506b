/** The report's tables as rows of cells, shared by the console and BENCHMARKS.md. */
import type { Cost, D1Cost } from './cost';
import type { DrainResult } from './drain';
import { comparisons, meets, ratio, round, signatureRows, targetText, type Way } from './figures';
import type { Load } from './load';
import type { LargeCostPhase, SmallCostPhase } from './phase-costs';
import type { Ladder, SpeedPhase } from './phase-speed';
import type { SurgePhase } from './phase-surge';
import { PHASE_KEYS, PHASE_NAMES, type Results } from './results';
import type { Target } from './targets';

const d1 = (c: D1Cost) => `${c.queries} / ${c.roundTrips} / ${c.rowsRead} / ${c.rowsWritten} / ${round(c.ms, 2)}`;
export const D1_HEAD = 'statements / round trips / rows read / rows written / D1 ms';

export function phaseRows(r: Results): string[][] {
  return [['phase', 'seconds', 'outcome'], ...PHASE_KEYS.map((k) => {
    const o = r.phases[k];
    return [PHASE_NAMES[k], String(o.seconds), o.ok ? 'ok' : `FAILED: ${o.error.split('\n')[0]}`];
  })];
}

const OPS: [string, keyof SmallCostPhase['costs']][] = [
  ['campaign page (first request)', 'pageFirst'], ['campaign page (again)', 'page'], ['count (cache miss)', 'count'], ['count (cache hit)', 'countCached'], ['count ?lang= (cache miss)', 'countLang'],
  ['count ?lang= (cache hit)', 'countLangCached'], ['sign', 'sign'], ['confirm', 'confirm'], ['withdraw (a confirmed signature)', 'withdraw'],
];

/** Within 10% (or 2), whatever the number of stored signatures: D1 work that does not grow with the table. */
const flat = (a: number, b: number) => Math.abs(b - a) <= Math.max(2, 0.1 * a);

/** Per operation at each size, and whether its figures (not D1's time) stay flat between them. */
export function costRows(sizes: (SmallCostPhase | LargeCostPhase)[], drain: DrainResult | null): string[][] {
  const same = (a: Cost, b: Cost) => a.queries === b.queries && a.roundTrips === b.roundTrips && flat(a.rowsRead, b.rowsRead) && flat(a.rowsWritten, b.rowsWritten);
  const head = ['operation', ...sizes.map((c) => `at ${c.signatures.toLocaleString('en')}: ${D1_HEAD}`), ...(sizes.length === 2 ? ['flat (same calls, rows within 10%)'] : [])];
  const rows = OPS.map(([label, key]) => {
    const cells = sizes.map((c) => `${d1(c.costs[key])}${c.costs[key].cache ? ` (X-Cache ${c.costs[key].cache})` : ''}`);
    const [a, b] = sizes.map((c) => c.costs[key]);
    return [label, ...cells, ...(a && b ? [same(a, b) ? 'yes' : 'NO'] : [])];
  });
  const exportRow = ['export, rows read per 1,000 rows (first page; last page)', ...sizes.map((c) => `${c.exportPages.first.readPer1000}; ${c.exportPages.last.readPer1000} (pages of ${c.exportPages.first.rows})`)];
  const [a, b] = sizes;
  if (a && b) exportRow.push(flat(a.exportPages.first.readPer1000, b.exportPages.last.readPer1000) ? 'yes' : 'NO');
  const drainRow = drain ? [[`drain, per message sent (${drain.messages.toLocaleString('en')} due, in ${drain.drainRuns} cron runs, their own queries included)`, d1(drain.perMessage), ...sizes.slice(1).map(() => ''), ...(sizes.length === 2 ? [''] : [])]] : [];
  return [head, ...rows, exportRow, ...drainRow];
}

const messages = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

/** One signature end to end, without and with a target. */
export function e2eRows(small: SmallCostPhase): string[][] {
  const runs = small.e2e.runs;
  const head = ['step', ...runs.map((r) => (r.target ? `with a target (${r.target}): ${D1_HEAD}` : `no target: ${D1_HEAD}`))];
  const row = (label: string, f: (r: (typeof runs)[number]) => string) => [label, ...runs.map(f)];
  return [
    head,
    row('sign (the request)', (r) => d1(r.sign)),
    row('its confirmation mail, drained until sent', (r) => `${d1(r.signMail.cost)} (${messages(r.signMail.messages)}, ${r.signMail.cronRuns} cron runs)`),
    row('confirm (the request)', (r) => d1(r.confirm)),
    row('its forwards, drained until sent', (r) => `${d1(r.confirmMail.cost)} (${messages(r.confirmMail.messages)}, ${r.confirmMail.cronRuns} cron runs)`),
    row('rows written: sign + confirm', (r) => String(signatureRows(r, small.e2e.idleCron).signConfirm)),
    row('rows written: the whole path', (r) => String(r.total.rowsWritten)),
    row('signatures/day within 100,000 rows written', (r) => signatureRows(r, small.e2e.idleCron).perDay.toLocaleString('en')),
  ];
}

const cpu = (l: Load) => `${l.cpuMs.app} / ${l.cpuMs.wrangler} / ${l.cpuMs.loadgen}`;
const LOAD_HEAD = ['req/s', 'p50 ms', 'p99 ms', 'failed', 'CPU ms/req: Worker / rest of wrangler dev / load generator'];
const loadCells = (l: Load) => [String(l.rps), String(l.p50), String(l.p99), String(l.failed), cpu(l)];

/** Every route of one way in, then its comparisons. */
export function speedRows(s: SpeedPhase, way: Way): string[][] {
  const loads = way === 'straight' ? s.direct : s.viaWrangler;
  return [['route', ...LOAD_HEAD], ...Object.entries(loads).map(([name, l]) => [name, ...loadCells(l)])];
}

export function comparisonRows(s: SpeedPhase, way: Way): string[][] {
  return [
    ['comparison', 'req/s ratio', 'req/s', 'Worker CPU/req ratio', 'Worker CPU ms/req', 'target', 'met'],
    ...comparisons(s).filter((c) => c.way === way).map((c) => [
      c.what, `${c.ratio}×`, `${c.rps} / ${c.baseRps}`, `${c.cpuRatio}×`, `${c.cpu} / ${c.baseCpu}`, targetText(c), c.target === null ? '' : meets(c) ? 'yes' : 'NO',
    ]),
  ];
}

export function ladderRows(l: Ladder): string[][] {
  const base = l.loads[l.steps[0] ?? ''];
  let previous: Load | undefined;
  const rows = l.steps.map((step) => {
    const x = l.loads[step];
    if (!x) return [step, '', '', '', ''];
    const delta = previous ? round(x.cpuMs.app - previous.cpuMs.app, 2) : null;
    previous = x;
    return [step, String(x.rps), base ? `${ratio(x.rps, base.rps)}×` : '', String(x.cpuMs.app), delta === null ? '' : `${delta > 0 ? '+' : ''}${delta}`];
  });
  return [['/health on', 'req/s', 'vs bare Hono', 'Worker CPU ms/req', 'Δ CPU ms vs the step before'], ...rows];
}

export function surgeRows(s: SurgePhase): string[][] {
  const k = s.run.kinds;
  return [
    ['kind', 'sent', 'answered', 'statuses', 'p50 ms', 'p99 ms', 'max ms'],
    ...Object.entries(k).map(([name, x]) => [name, String(x.sent), String(x.answered), Object.entries(x.statuses).map(([st, n]) => `${st}: ${n}`).join(', '), String(x.p50), String(x.p99), String(x.max)]),
  ];
}

export function targetRows(ts: Target[], no = 'NO'): string[][] {
  return [['what', 'target', 'measured', 'met'], ...ts.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : no])];
}
