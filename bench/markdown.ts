/** BENCHMARKS.md from the results: how each figure is measured, and the figures of this run. */
import { plansSection } from './plans';
import { capacity, FREE_TIER_ROWS_PER_DAY, plainRun, signatureRows, together } from './figures';
import { type Results, valueOf } from './results';
import { costRows, e2eRows, ladderRows, phaseRows, speedRows, comparisonRows, surgeRows, targetRows } from './tables';
import type { Target } from './targets';

export function mdTable(rows: string[][]): string {
  const [head, ...body] = rows;
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${head!.map(cell).join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

const failed = (r: Results, k: keyof Results['phases']) => {
  const o = r.phases[k];
  return !o || o.ok ? '' : `**Not measured in this run: the phase failed** (${o.error.split('\n')[0]}).`;
};

function costSection(r: Results): string {
  const small = valueOf(r.phases.costsSmall);
  const large = valueOf(r.phases.costsLarge);
  const drain = valueOf(r.phases.drain);
  const sizes = [small, large].filter((x) => x !== null);
  const parts = [`## D1 cost per operation

From the \`Server-Timing\` header each response carries with \`DEBUG_METRICS\` on (src/middleware/metrics.ts): statements
run, round trips to D1 (each \`run\`/\`all\`/\`first\`/\`raw\` call, and a whole \`batch()\`, is one), rows read,
rows written and D1's own time (\`meta.duration\`), summed over the request (one request after a warm-up
one). The export streams its pages after the headers are sent, so its row runs the app's own \`exportPage\`
through wrangler's \`getPlatformProxy\`, wrapped in the same instrumentation. The drain row is the drain
phase's cron runs, from the isolate's running totals (\`d1-isolate\` in the same header).`];
  if (sizes.length) parts.push(mdTable(costRows(sizes, drain)));
  parts.push(failed(r, 'costsSmall'), failed(r, 'costsLarge'));
  if (!small) return parts.filter(Boolean).join('\n\n');
  const run = plainRun(small);
  const rows = run ? signatureRows(run, small.e2e.idleCron) : null;
  const cap = capacity(small, drain);
  parts.push(`## One signature end to end

A fresh app: a warm-up signing, then one signature with a target and one without, each through its mail.
Signing and confirming are measured from their \`Server-Timing\`; their mail (the drain after the response,
and a cron run each second for mail the per-recipient throttle holds back, until the fake Resend has it)
from the isolate's running totals, less ${small.e2e.idleCron.queries} statements, ${small.e2e.idleCron.rowsRead} rows read and ${small.e2e.idleCron.rowsWritten} written for each cron run, which is what
an idle cron run (nothing due) cost here: the minute cron's own, not the signature's (D1's time is left whole). The confirmation link is
taken from the mail the fake Resend received.

${mdTable(e2eRows(small))}
${rows ? `
Without a target: **${rows.signConfirm} rows** written by signing and confirming, **${rows.whole}** with their ${rows.messages} mails until sent.
The free tier's ${FREE_TIER_ROWS_PER_DAY.toLocaleString('en')} rows written a day, less the idle cron's ${rows.cronPerDay.toLocaleString('en')} (${small.e2e.idleCron.rowsWritten} × 1,440 runs), hold
**${rows.perDay.toLocaleString('en')} signatures a day** with their mail.` : ''}${floorRows(r)}

## D1 time per signature

D1's own time (\`meta.duration\`) for signing plus confirming, over ${small.d1Time.samples} pairs one after another: mean
**${small.d1Time.meanMs} ms** (median ${small.d1Time.medianMs}, p90 ${small.d1Time.p90Ms}; signing ${small.d1Time.signMeanMs}, confirming ${small.d1Time.confirmMeanMs}). Local D1 reports
${small.d1Time.wholeMs ? 'whole milliseconds in every sample here' : 'its times with little precision'}, hence the mean over many pairs. ${cap.ms > 0 ? `At that time one D1 database (one SQLite writer, so
one statement at a time) carries about **${cap.perSecond.toLocaleString('en')} signatures/s**${cap.withMailPerSecond ? `; with the drain of their mail at the drain phase's
${drain?.perMessage.ms} ms per message, about **${cap.withMailPerSecond.toLocaleString('en')}/s**` : ''}.` : 'The mean is below the 1 ms resolution: no capacity is stated.'}`);
  return parts.filter(Boolean).join('\n\n');
}

/** The floor's rows for the same signature, when the speed phase measured them. */
function floorRows(r: Results): string {
  const f = valueOf(r.phases.speed)?.floorCosts;
  if (!f) return '';
  return `\nFor comparison, the floor Worker (one batch each, no mail drained) writes ${f.sign.rowsWritten} rows signing and
${f.confirm.rowsWritten} confirming on the same schema (${f.sign.rowsWritten + f.confirm.rowsWritten} in all; ${f.sign.roundTrips} and ${f.confirm.roundTrips} round trips).`;
}

/** One slice's length, in seconds, of a route run for `seconds` in the run's slices. */
const sliceSeconds = (seconds: number, r: Results) => Math.round((seconds / r.load.slices) * 100) / 100;

function speedSection(r: Results): string {
  const s = valueOf(r.phases.speed);
  const head = `## Speed against the floors

Two Workers run side by side, each under its own \`wrangler dev\` on a copy of the same database
(${valueOf(r.phases.costsSmall)?.signatures.toLocaleString('en') ?? 'the small number of'} signatures): the app with \`DEBUG_METRICS\` off, as deployed, and the floor
(bench/floor/worker.ts): a bare Worker on the same schema whose signing is one \`db.batch()\` of the
signature row and its confirmation mail, and whose confirming is one batch of the status and the
campaign's forward; its \`/mw/<k>/health\` is a Hono app with the first k of the app's global middleware
(k = 0: bare Hono). The same autocannon requests at ${r.load.connections} connections drive both. Every route runs ${r.load.slices} times for
${sliceSeconds(r.load.seconds, r)} s, all in order, then all in reverse, and so on, so drift on the shared cores weighs on each alike; req/s is over
all its slices, p50 their mean, p99 the worst slice. CPU per request is from /proc: the Worker's workerd, the
rest of its wrangler dev (Node and the proxy workerd), and the load generator. Page and count are judged
on req/s against the app's own \`/health\`, signing and confirming on req/s against the floor's, and
\`/health\` on the Worker's CPU per request against bare Hono's (both ratios are shown for every pair).`;
  if (!s) return `${head}\n\n${failed(r, 'speed')}`;
  const t = together(s);
  return `${head}

### Straight to each Worker's workerd

${mdTable(speedRows(s, 'straight'))}

${mdTable(comparisonRows(s, 'straight'))}
${t ? `\nSigning and confirming together (half the connections each; the slower of the two is the rate at which
signatures get counted): the app **${t.app}/s**, the floor ${t.floor}/s (${t.ratio}×).\n` : ''}
### Through wrangler dev's port, as \`npm start\` serves

${mdTable(speedRows(s, 'through wrangler dev'))}

${mdTable(comparisonRows(s, 'through wrangler dev'))}

### The global middleware, one step at a time

\`/health\` on the floor's Hono ladder (${r.load.slices} slices of ${sliceSeconds(r.ladderSeconds, r)} s, interleaved the same way), and the app's own \`/health\`
(the whole chain plus the app's router with every route mounted). \`d1Metrics\` runs here with
\`DEBUG_METRICS\` unset, as deployed.

${mdTable(ladderRows(s.ladder))}`;
}

function surgeSection(r: Results): string {
  const s = valueOf(r.phases.surge);
  const head = `## Surge

A fresh app (\`DEBUG_METRICS\` off) and database. First \`/health\` at ${r.phases.surge.ok ? r.phases.surge.value.probe.map((p) => p.connections).join(', ') : 'several'} connections, to find the
most at which it still gets within 10% of its best rate; then one autocannon run at that concurrency,
straight to the app's workerd, where each request is a page view, a count poll (\`?lang=\`), a signing (a new
address) or a confirmation (of a seeded pending signature), drawn at random in the mix 20:20:2:1 (seeded:
the same draws in every run). Writes stop ${s ? `${s.run.writeStopSeconds} s` : 'a few seconds'} before the end so that every write gets its answer. Latency per kind is from the request's setup to its answer.
Afterwards, with the app stopped, the database is checked: every address that got 202 has its row, the
count row equals the confirmed rows, and those equal the confirmed before plus the 303s.`;
  if (!s) return `${head}\n\n${failed(r, 'surge')}`;
  return `${head}

/health by connections: ${s.probe.map((p) => `${p.connections}: ${p.rps}/s`).join(', ')}; the surge ran ${s.run.seconds} s at **${s.run.connections} connections**.

${mdTable(surgeRows(s))}

${s.checks.map((c) => `- **${c.pass ? 'PASS' : 'FAIL'}** ${c.what}: ${c.detail}`).join('\n')}`;
}

function drainExportSection(r: Results): string {
  const d = valueOf(r.phases.drain);
  const e = valueOf(r.phases.export);
  const drain = d
    ? `${d.messages.toLocaleString('en')} due messages drained by the Worker's cron handler (\`/__scheduled\`) through the Resend SDK to the fake Resend:
**${d.messagesPerSecond.toLocaleString('en')} messages/s** (${d.providerCalls} provider calls, ${d.drainRuns} cron runs).`
    : failed(r, 'drain');
  const exp = e
    ? mdTable([
        ['rows', 'CSV bytes', 'API s', 'API rows/s', 'sqlite3 s', 'sqlite3 rows/s', 'API / sqlite3', 'workerd VmHWM before → after', 'RSS after: anon / file'],
        ...e.runs.map((x) => [x.rows.toLocaleString('en'), x.bytes.toLocaleString('en'), x.seconds.toFixed(1), x.rowsPerSecond.toLocaleString('en'), x.sqlite.seconds.toFixed(2),
          x.sqlite.rowsPerSecond.toLocaleString('en'), `${x.ratio}×`, `${x.peakBeforeMB} → ${x.peakAfterMB} MB`, `${x.rssAfterMB.anon} / ${x.rssAfterMB.file} MB`]),
      ]) + `\n\n${e.growthMB === null ? 'One size only: growth not measured.' : `Peak memory growth between the sizes: **${e.growthMB} MB**.`} Each size runs in a fresh workerd; memory is the VmHWM of the workerd that runs the app.`
    : failed(r, 'export');
  return `## Drainer\n\n${drain}\n\n## Export at scale\n\nThe CSV export through the API, beside \`sqlite3 -csv\` of the same rows from the same file.\n\n${exp}`;
}

/** The whole BENCHMARKS.md. */
export function benchmarksMarkdown(r: Results, ts: Target[]): string {
  const m = r.machine;
  const unmet = ts.filter((t) => !t.met);
  return `# Benchmarks

Written by \`npm run bench\`${r.quick ? ' **--quick** (small sizes, short loads: indicative only)' : ''} on ${r.date.slice(0, 10)} in ${r.seconds} s; every figure
below was measured in that run. Raw figures: [bench/results.json](bench/results.json). The bench needs the
\`sqlite3\` command line for seeding (\`apt-get install -y sqlite3\`).

**Machine:** ${m.cores} cores (${m.cpu}), Node ${m.node}, wrangler ${m.wrangler}, sqlite3 ${m.sqlite3}; 1-minute load average
${m.loadAverageAtStart} at the start and ${m.loadAverageAtEnd ?? '?'} at the end (other work shares the cores). **Harness:** ${r.harness}.
Every request sends its own \`CF-Connecting-IP\`, so per-IP limits do not turn load into 429s.

${mdTable(phaseRows(r))}

## Targets

${mdTable(targetRows(ts, '**no**'))}

${unmet.length === 0 ? 'Every target is met in this run.' : `Not met in this run: ${unmet.length} of ${ts.length}.`}

${costSection(r)}

${speedSection(r)}

${surgeSection(r)}

${drainExportSection(r)}

${plansSection(r, mdTable)}
`;
}
