/** The results: tables on stdout, bench/results.json, BENCHMARKS.md and (full runs) the README's figures. */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { capacity, plainRun, signatureRows, together } from './figures';
import { benchmarksMarkdown } from './markdown';
import { planFigures } from './plans';
import { updateReadme } from './readme';
import { type Results, valueOf } from './results';
import { comparisonRows, costRows, e2eRows, ladderRows, phaseRows, speedRows, surgeRows, targetRows } from './tables';
import { targets } from './targets';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Rows of cells as aligned plain text. */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => pad(c, widths[i]!)).join('  ')).join('\n');
}

function print(r: Results): void {
  const out = (title: string, rows: string[][]) => console.log(`\n${title}\n${textTable(rows)}`);
  out('Phases', phaseRows(r));
  const small = valueOf(r.phases.costsSmall);
  const large = valueOf(r.phases.costsLarge);
  const drain = valueOf(r.phases.drain);
  const sizes = [small, large].filter((x) => x !== null);
  if (sizes.length) out('D1 cost per request', costRows(sizes, drain));
  if (small) {
    out('One signature end to end', e2eRows(small));
    const run = plainRun(small);
    if (run) {
      const s = signatureRows(run, small.e2e.idleCron);
      console.log(`rows written per signature: ${s.signConfirm} sign + confirm, ${s.whole} with its ${s.messages} mails → ${s.perDay} signatures/day within 100,000 (idle cron: ${s.cronPerDay}/day)`);
    }
    const cap = capacity(small, drain);
    console.log(`D1 time per signature: mean ${cap.ms} ms over ${small.d1Time.samples} pairs → one D1 database carries about ${cap.perSecond} signatures/s${cap.withMailPerSecond ? ` (${cap.withMailPerSecond}/s with their mail)` : ''}`);
  }
  const speed = valueOf(r.phases.speed);
  if (speed) {
    for (const way of ['straight', 'through wrangler dev'] as const) {
      out(`Speed, ${way} (${r.load.seconds} s per route in ${r.load.slices} slices, ${r.load.connections} connections)`, speedRows(speed, way));
      out(`Against the floors, ${way}`, comparisonRows(speed, way));
    }
    const f = speed.floorCosts;
    console.log(`the floor's D1 work: signing ${f.sign.roundTrips} round trip, ${f.sign.rowsWritten} rows written; confirming ${f.confirm.roundTrips}, ${f.confirm.rowsWritten}`);
    const t = together(speed);
    if (t) console.log(`signing + confirming together: app ${t.app}/s, floor ${t.floor}/s (${t.ratio}×)`);
    out('Middleware ladder (straight)', ladderRows(speed.ladder));
  }
  const surge = valueOf(r.phases.surge);
  if (surge) {
    out(`Surge: ${surge.run.seconds} s at ${surge.run.connections} connections`, surgeRows(surge));
    for (const c of surge.checks) console.log(`${c.pass ? 'PASS' : 'FAIL'} ${c.what}: ${c.detail}`);
  }
  if (drain) console.log(`\nDrainer: ${drain.messagesPerSecond} messages/s; per message ${JSON.stringify(drain.perMessage)}`);
  const exp = valueOf(r.phases.export);
  if (exp) out('Export', [['rows', 'API rows/s', 'sqlite3 rows/s', 'ratio', 'workerd peak MB'], ...exp.runs.map((x) => [String(x.rows), String(x.rowsPerSecond), String(x.sqlite.rowsPerSecond), `${x.ratio}×`, String(x.peakAfterMB)])]);
  const plans = planFigures(r);
  if (plans) for (const p of [plans.free, plans.paid]) out(`${p.name}: ${p.binding.perDay} signatures/day`, p.limits.map((l) => [l.what, `${l.perSignature} ${l.unit}`, String(l.perDay)]));
  out('Targets', targetRows(targets(r)));
}

/** Prints the tables and writes bench/results.json, BENCHMARKS.md and, for a full run, the README's figures. */
export function writeResults(r: Results, log: (s: string) => void): void {
  r.machine.loadAverageAtEnd = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const ts = targets(r);
  writeFileSync('bench/results.json', `${JSON.stringify({ ...r, targets: ts }, null, 2)}\n`);
  writeFileSync('BENCHMARKS.md', benchmarksMarkdown(r, ts));
  print(r);
  const readme = !r.quick && updateReadme(r, ts);
  log(`wrote bench/results.json, BENCHMARKS.md${readme ? ' and the README\'s figures' : ''} in ${r.seconds} s`);
}
