/** The results: a table on stdout, bench/results.json and BENCHMARKS.md. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { DrainResult } from './drain';
import { inTurns, type Load } from './load';
import type { CostResult, ExportResult, Throughput } from './phases';
import { benchmarksMarkdown } from './markdown';

export type Results = {
  date: string;
  quick: boolean;
  machine: { cores: number; cpu: string; node: string; wrangler: string; sqlite3: string; loadAverageAtStart: number; loadAverageAtEnd?: number };
  harness: string;
  load: { seconds: number; connections: number };
  costs: { cost: CostResult; countLoad: Load; baseline: Load }[];
  throughput: Throughput;
  drain: DrainResult;
  export: ExportResult;
  seconds: number;
};

export function machine(sqlite3: string): Results['machine'] {
  let wrangler = 'unknown';
  try {
    wrangler = execFileSync('npx', ['wrangler', '--version'], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1) ?? wrangler;
  } catch {
    // Reported as unknown.
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, wrangler, sqlite3, loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
}

export type Target = { what: string; target: string; measured: string; met: boolean };

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);

/** The baseline's req/s: the mean of its runs before and after the others, as the machine drifts. */
export function baselineRps(r: Results): number {
  return Math.round(((r.throughput.baseline.rps + r.throughput.baselineAfter.rps) / 2) * 10) / 10;
}

/** Each target of issue 7 against the figures. */
export function targets(r: Results): Target[] {
  const t = r.throughput;
  const base = baselineRps(r);
  const countRows = r.costs.map((c) => c.cost.costs.count.rowsRead);
  const out: Target[] = [
    { what: 'count reads 1 row at any size (on a cache miss; 0 on a hit)', target: '1 row', measured: countRows.map((n, i) => `${n} at ${r.costs[i]!.cost.signatures}`).join(', '), met: countRows.every((n) => n === 1) },
    { what: 'count vs baseline', target: '≥ 0.8×', measured: `${ratio(t.count.rps, base)}×`, met: ratio(t.count.rps, base) >= 0.8 },
    {
      what: 'signing + confirming sustained',
      target: '≥ 333/s',
      measured: `${t.signAndConfirm.pairsPerSecond}/s run together, ${inTurns(t.sign, t.confirm)}/s in turns (${ratio(Math.max(t.signAndConfirm.pairsPerSecond, inTurns(t.sign, t.confirm)), base)}× the baseline of ${base}/s)`,
      met: Math.max(t.signAndConfirm.pairsPerSecond, inTurns(t.sign, t.confirm)) >= 333,
    },
  ];
  if ('skipped' in r.export) {
    out.push({ what: 'export memory flat, ≥ 0.3× sqlite3', target: '< 50 MB growth, ≥ 0.3×', measured: r.export.skipped, met: false });
  } else {
    const { runs, growthMB } = r.export;
    const first = runs[0]!;
    const last = runs.at(-1)!;
    if (growthMB === null) out.push({ what: 'export memory growth', target: '< 50 MB', measured: 'one size only (--quick)', met: false });
    else out.push({ what: `export memory growth ${first.rows}→${last.rows} rows`, target: '< 50 MB', measured: `${growthMB} MB`, met: growthMB < 50 });
    out.push({ what: `export rows/s vs sqlite3 at ${last.rows} rows`, target: '≥ 0.3×', measured: `${last.ratio}×`, met: last.ratio >= 0.3 });
  }
  return out;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Rows of cells as aligned plain text. */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => pad(c, widths[i]!)).join('  ')).join('\n');
}

/** The throughput rows: name, rps, ratio to baseline, p50, p99, failures. */
export function throughputRows(r: Results): string[][] {
  const t = r.throughput;
  const base = baselineRps(r);
  const cpu = (l: Load) => `${l.cpuMs.app} / ${l.cpuMs.wrangler} / ${l.cpuMs.loadgen}`;
  const ceiling = (l: Load) => {
    const ms = l.cpuMs.app + l.cpuMs.wrangler + l.cpuMs.loadgen;
    return ms > 0 ? String(Math.round((r.machine.cores * 1000) / ms)) : '';
  };
  const row = (name: string, l: Load, b = base) => [name, String(l.rps), `${ratio(l.rps, b)}×`, `${l.p50}`, `${l.p99}`, String(l.failed), cpu(l), ceiling(l)];
  const viaBase = t.viaWrangler.baseline.rps;
  const rows = [
    ['route', 'req/s', 'vs baseline', 'p50 ms', 'p99 ms', 'failed', 'CPU ms/req: app / wrangler / load', 'CPU ceiling req/s'],
    row('GET /health (baseline)', t.baseline),
    row('GET count', t.count),
    row('GET campaign page', t.page),
    row('POST sign (JSON API)', t.sign),
    row('POST confirm', t.confirm),
    row('sign, while confirming', t.signAndConfirm.sign),
    row('confirm, while signing', t.signAndConfirm.confirm),
    row('GET /health again, at the end', t.baselineAfter),
    row('GET /health through wrangler dev', t.viaWrangler.baseline, viaBase),
    row('GET count through wrangler dev', t.viaWrangler.count, viaBase),
  ];
  rows.push(['drainer msgs/s (fake Resend)', String(r.drain.messagesPerSecond), `${ratio(r.drain.messagesPerSecond, base)}×`, '', '', '0', '', '']);
  return rows;
}

/** The cost rows: operation, then queries / rows read / rows written at each size. */
export function costRows(r: Results): string[][] {
  const head = ['operation', ...r.costs.map((c) => `at ${c.cost.signatures.toLocaleString('en')}: queries / read / written`)];
  const ops = [['campaign page', 'page'], ['sign', 'sign'], ['confirm', 'confirm'], ['count (cache miss)', 'count'], ['count (cache hit)', 'countCached']] as const;
  const rows = ops.map(([label, key]) => [label, ...r.costs.map((c) => {
    const x = c.cost.costs[key];
    return `${x.queries} / ${x.rowsRead} / ${x.rowsWritten}${x.cache ? ` (X-Cache ${x.cache})` : ''}`;
  })]);
  const exportRow = ['export, rows read per 1,000 rows (first page; last page)', ...r.costs.map((c) => {
    const { first, last } = c.cost.exportPages;
    return `${first.readPer1000}; ${last.readPer1000} (pages of ${first.rows})`;
  })];
  return [head, ...rows, exportRow];
}

/** Prints the tables and writes bench/results.json and BENCHMARKS.md. */
export function writeResults(r: Results, log: (s: string) => void): void {
  r.machine.loadAverageAtEnd = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  writeFileSync('bench/results.json', `${JSON.stringify({ ...r, targets: targets(r) }, null, 2)}\n`);
  writeFileSync('BENCHMARKS.md', benchmarksMarkdown(r, targets(r)));
  console.log(`\nD1 cost per request (from Server-Timing)\n${textTable(costRows(r))}`);
  console.log(`\nThroughput (${r.throughput.baseline.seconds} s each, ${r.machine.cores} cores)\n${textTable(throughputRows(r))}`);
  if ('skipped' in r.export) console.log(`\nExport: ${r.export.skipped}`);
  else {
    const e = r.export;
    const rows = [['rows', 'bytes', 'API rows/s', 'sqlite3 rows/s', 'ratio', 'workerd peak MB'], ...e.runs.map((x) => [String(x.rows), String(x.bytes), String(x.rowsPerSecond), String(x.sqlite.rowsPerSecond), `${x.ratio}×`, String(x.peakAfterMB)])];
    console.log(`\nExport\n${textTable(rows)}`);
  }
  console.log(`\nTargets\n${textTable([['what', 'target', 'measured', 'met'], ...targets(r).map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : 'NO'])])}`);
  log(`wrote bench/results.json and BENCHMARKS.md in ${r.seconds} s`);
}
