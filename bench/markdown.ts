/** BENCHMARKS.md from the results: the same tables as the console, and what they mean. */
import { inTurns, type Load } from './load';
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

function starved(r: Results): string {
  const { sign, confirm } = r.throughput.signAndConfirm;
  if (confirm.rps >= 0.5 * r.throughput.confirm.rps) return '';
  return `\n\n**Finding:** run together with signing, confirming fell to ${confirm.rps}/s (p99 ${confirm.p99} ms) while signing kept ${sign.rps}/s;
alone it ran at ${r.throughput.confirm.rps}/s. Confirmations queue behind the signings' work (each signing also drains the outbox
to the fake Resend after its response); worth a look before a real surge.`;
}

function failures(r: Results): string {
  const t = r.throughput;
  const named: [string, Load][] = [['page', t.page], ['sign', t.sign], ['confirm', t.confirm], ['sign (together)', t.signAndConfirm.sign], ['confirm (together)', t.signAndConfirm.confirm]];
  const bad = named.filter(([, l]) => l.failed > 0).map(([n, l]) => `${n}: ${l.failed} (4xx ${l.failures['4xx']}, 5xx ${l.failures['5xx']}, socket errors ${l.failures.errors}, timeouts ${l.failures.timeouts})`);
  return bad.length ? bad.join('; ') : 'none';
}

const cpuOf = (l: Load) => Math.round((l.cpuMs.app + l.cpuMs.wrangler + l.cpuMs.loadgen) * 10) / 10;

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
read and rows written, summed over the request's D1 queries (one request after a warm-up one). The
export streams its pages after the headers are sent, so its row is measured by running the app's own
\`exportPage\` on the same database through wrangler's \`getPlatformProxy\`, wrapped in the same
\`instrumentD1\` as the header.

${mdTable(costRows(r))}

Every cost is flat: signing, confirming and the count touch the same rows whatever the number of
stored signatures (the count reads its one row of \`campaign_counts\` on a cache miss, nothing on a
hit); the campaign page reads the newest public messages through an index; the export reads exactly
one row per row exported, on the last page as on the first (keyset pagination).

## Throughput

autocannon, ${r.load.seconds} s per route, ${r.load.connections} connections, against a database
with ${r.costs[0]!.cost.signatures.toLocaleString('en')} signatures. \`GET /health\` (no D1 at all) is the ceiling of this machine
and harness, run first and last in the same process; ratios are to the mean of the two (**${baselineRps(r)} req/s**).
"CPU ms/req" is CPU time per request from /proc: the app's workerd; the rest of wrangler dev (its
Node process and its proxy workerd, both measured busy even on requests that skip the proxy); and
the load generator (autocannon, in the bench's own
Node process). "CPU ceiling" is what ${r.machine.cores} cores could serve at that CPU cost if nothing else ran:
when the measured rate is far below it, the limit is waiting (D1 round trips, the single-threaded
workerd event loop, other work on the machine), not CPU.

${mdTable(throughputRows(r))}

Signing plus confirming, run together (half the connections each): **${r.throughput.signAndConfirm.pairsPerSecond} signatures/s** counted end to end
(the slower of the two); taking turns at the rates measured separately: **${inTurns(r.throughput.sign, r.throughput.confirm)}/s**.
Failures: ${failures(r)}.${starved(r)}

The count at ${r.costs.map((c) => `${c.cost.signatures.toLocaleString('en')} signatures: ${c.countLoad.rps} req/s (baseline ${c.baseline.rps})`).join('; ')}.

## Export at scale

${exportSection(r)}

## Targets

${mdTable([['what', 'target', 'measured', 'met'], ...ts.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : '**no**'])])}

${unmet.length === 0 ? 'All targets are met.' : `### Where targets are not met, and why

${unmet.map((t) => `- **${t.what}**: ${t.measured} against ${t.target}.`).join('\n')}

This machine has ${m.cores} cores, shared by the load generator (autocannon, in Node), wrangler dev
(a Node process and a proxy workerd) and the app's own workerd with its SQLite-backed local D1, plus
whatever else runs on the machine at the time (the load average above). The baseline (\`/health\`,
no D1) is the ceiling of this harness, and each route's ratio to it is the portable figure.

${unmet.some((t) => t.what.startsWith('signing')) ? `- **Signing and confirming** cost ${cpuOf(r.throughput.sign)} ms and ${cpuOf(r.throughput.confirm)} ms of CPU per request in all
  (app / wrangler / load generator: ${r.throughput.sign.cpuMs.app} / ${r.throughput.sign.cpuMs.wrangler} / ${r.throughput.sign.cpuMs.loadgen} and ${r.throughput.confirm.cpuMs.app} / ${r.throughput.confirm.cpuMs.wrangler} / ${r.throughput.confirm.cpuMs.loadgen}).
  A signature needs both, so ${m.cores} fully free cores could count at most about
  ${Math.round((m.cores * 1000) / (cpuOf(r.throughput.sign) + cpuOf(r.throughput.confirm)))} signatures/s here; 333/s would need under ${Math.round((m.cores * 1000 * 10) / 333) / 10} ms for the pair. Each is one D1
  batch (a transaction) plus a drain of the outbox after the response, and every D1 query in local
  mode is a round trip from the Worker to a Durable Object in the same single-threaded workerd.
  Much of the CPU is wrangler dev's own (its Node process works on every request that touches D1,
  even when the request skips its proxy): the app's share alone would allow about
  ${Math.round((m.cores * 1000) / (r.throughput.sign.cpuMs.app + r.throughput.confirm.cpuMs.app))} signatures/s. On Cloudflare neither the harness nor the load generator shares the
  app's CPU, and each request runs in its own isolate on many machines; the D1 database itself
  (one writer) is then the limit, at ${r.costs[0]!.cost.costs.sign.queries + r.costs[0]!.cost.costs.confirm.queries} queries and ${r.costs[0]!.cost.costs.sign.rowsWritten + r.costs[0]!.cost.costs.confirm.rowsWritten} rows written per signature.\n` : ''}${unmet.some((t) => t.what.startsWith('count')) ? `- **The count** is served from the Cache API (a D1 read at most every few seconds), so its rate is
  that of a cache lookup in the same workerd; what remains is the cost of the lookup and the ETag.\n` : ''}${unmet.some((t) => t.what.startsWith('export')) ? `- **The export** runs every row through D1's result serialisation and JavaScript CSV quoting,
  where \`sqlite3\` writes CSV in one C loop from the same file; peak memory is the process's VmHWM,
  which includes SQLite's page cache and V8's heap growth between collections, not only live data:
  the growth is in anonymous memory (see "RSS after"), while the export holds one page of rows at a time.\n` : ''}`}
`;
}
