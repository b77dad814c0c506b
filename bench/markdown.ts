/** BENCHMARKS.md from the results: the same tables as the console, and what they mean. */
import type { Results, Target } from './report';
import { baselineRps, costRows, throughputRows } from './report';

function mdTable(rows: string[][]): string {
  const [head, ...body] = rows;
  return [`| ${head!.join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function exportSection(r: Results): string {
  if ('skipped' in r.export) return `Skipped: ${r.export.skipped}.`;
  const e = r.export;
  const rows = [
    ['rows', 'CSV bytes', 'API s', 'API rows/s', 'sqlite3 s', 'sqlite3 rows/s', 'API / sqlite3', 'workerd VmHWM before → after', 'RSS after: anon / file'],
    ...e.runs.map((x) => [
      x.rows.toLocaleString('en'), x.bytes.toLocaleString('en'), x.seconds.toFixed(1), x.rowsPerSecond.toLocaleString('en'),
      x.sqlite.seconds.toFixed(2), x.sqlite.rowsPerSecond.toLocaleString('en'), `${x.ratio}×`, `${x.peakBeforeMB} → ${x.peakAfterMB} MB`, `${x.rssAfterMB.anon} / ${x.rssAfterMB.file} MB`,
    ]),
  ];
  const first = e.runs[0]!;
  const last = e.runs.at(-1)!;
  const growth = e.growthMB === null
    ? 'One size only (--quick): growth not measured.'
    : `Peak memory growth from ${first.rows.toLocaleString('en')} to ${last.rows.toLocaleString('en')} rows: **${e.growthMB} MB**.`;
  return `${mdTable(rows)}\n\n${growth} Each size is exported by a fresh workerd process; memory is the VmHWM (peak resident set) of the workerd process that runs the app, from /proc.`;
}

/** The whole BENCHMARKS.md. */
export function benchmarksMarkdown(r: Results, ts: Target[]): string {
  const m = r.machine;
  const unmet = ts.filter((t) => !t.met);
  return `# Benchmarks

Produced by \`npm run bench\`${r.quick ? ' **--quick** (smaller sizes, 2-second loads: indicative only)' : ''} on ${r.date.slice(0, 10)}
(${r.seconds} s). Reproduce with \`npm run bench\` (full, under ten minutes) or \`npm run bench -- --quick\`
(under a minute). Seeding writes straight into the local D1 file with the \`sqlite3\` command line:
install it first (\`apt-get install -y sqlite3\`). Raw figures: [bench/results.json](bench/results.json).

**Machine:** ${m.cores} cores (${m.cpu}), Node ${m.node}, wrangler ${m.wrangler}, sqlite3 ${m.sqlite3};
1-minute load average ${m.loadAverageAtStart} at the start and ${m.loadAverageAtEnd ?? '?'} at the end (other work on the machine shares the cores).
**Harness:** ${r.harness}. Every request sends its own \`CF-Connecting-IP\` so the per-IP
limits (which protect production) do not turn the load into 429s; every signature uses a new address.

## Cost per operation (D1 rows, what Cloudflare bills)

From the \`Server-Timing\` header each response carries with \`DEBUG_METRICS\` on: queries, rows
read and rows written, summed over the request's D1 queries (one request after a warm-up one).

${mdTable(costRows(r))}

Signing, confirming and the count touch the same rows whatever the number of stored signatures;
the campaign page reads the newest public messages through an index, so it stays flat too.

## Throughput

autocannon, ${r.load.seconds} s per route, ${r.load.connections} connections, against a database
with ${r.costs[0]!.cost.signatures.toLocaleString('en')} signatures. \`GET /health\` (no D1 at all) is the ceiling of this machine
and harness, run first and last in the same process; ratios are to the mean of the two (**${baselineRps(r)} req/s**).
"CPU ms/req" is CPU time per request from /proc: the app's workerd; the rest of wrangler dev (its
Node process and its proxy workerd, which also relays the app's logs and inspector events even when
requests skip it); and the load generator (autocannon, in the bench's own
Node process). "CPU ceiling" is what ${r.machine.cores} cores could serve at that CPU cost if nothing else ran:
when the measured rate is far below it, the limit is waiting (D1 round trips, the single-threaded
workerd event loop, other work on the machine), not CPU.

${mdTable(throughputRows(r))}

Signing plus confirming, run together: **${r.throughput.signAndConfirm.pairsPerSecond} signatures/s** counted end to end.
The count at ${r.costs.map((c) => `${c.cost.signatures.toLocaleString('en')} signatures: ${c.countLoad.rps} req/s (baseline ${c.baseline.rps})`).join('; ')}.

## Export at scale

${exportSection(r)}

## Targets

${mdTable([['what', 'target', 'measured', 'met'], ...ts.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : '**no**'])])}

${unmet.length === 0 ? 'All targets are met.' : `### Where targets are not met, and why

This machine has ${m.cores} cores, shared by the load generator (autocannon, in Node), wrangler's proxy
worker (a workerd process in front of the app) and the app's own workerd with its SQLite-backed D1, plus
whatever else runs on the machine at the time. The baseline (\`/health\`, no D1) is therefore the real
ceiling here: each route's ratio to it is the portable figure. Every D1 query in local mode is a
round trip from the Worker to a Durable Object holding the SQLite file, so a route's cost here is
dominated by its number of queries and by rendering, not by rows; on Cloudflare, requests spread over
many machines and the count is also served from cache.

${unmet.map((t) => `- **${t.what}**: ${t.measured} against ${t.target}.`).join('\n')}`}
`;
}
