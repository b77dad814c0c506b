/**
 * The paged export at scale, as the organiser's browser runs it (src/widget/export.ts): the
 * JSON pages of `/api/admin/campaigns/:slug/signatures/page` one after another, each turned
 * into the file with the same writers (src/lib/export-formats.ts, src/lib/xlsx.ts), the file
 * written to disk as it grows (the browser keeps a Blob per page). Reports the time, the
 * requests, the D1 work per request (Server-Timing) and the CPU the app's workerd spent per
 * request (from /proc; it includes the local SQLite work, which on Cloudflare runs in D1 and
 * is not the Worker's CPU, so it is an upper bound of the Worker's own).
 *
 *   unshare -n sh -c 'ip link set lo up && npx tsx bench/export-paged.ts --rows 100000'
 *
 * Options: --rows N (signatures seeded, default 100,000), --formats xlsx,csv-excel-semicolon,
 * --limit N (rows per request, default the endpoint's 1,000). Writes bench/export-paged-results.json.
 */
import { createWriteStream, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCells, type ExportRecord } from '../src/lib/export-columns';
import { csvRecord, csvStart, type ExportFormat, isExportFormat, sheetOptions } from '../src/lib/export-formats';
import { SheetWriter } from '../src/lib/xlsx';
import { type App, makeTemplate, startApp, stopAll, tempDir } from './app';
import { SLUG } from './client';
import { PORTS } from './config';
import { parseServerTiming } from './cost';
import { makeApiToken } from './export';
import { seeded } from './seed';

type Page = { rows: ExportRecord[]; next: number | null; total: number | null };

export type PagedRun = {
  format: ExportFormat;
  rows: number;
  requests: number;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  /** Per request: D1 queries (max), rows read (max), latency (p50, max, ms). */
  d1QueriesMax: number;
  d1RowsReadMax: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** The app workerd's CPU over the run ÷ requests (includes local SQLite: an upper bound of the Worker's). */
  appCpuMsPerRequest: number;
  /** The client's CPU (JSON parsing and writing the file, as the browser would) over the run. */
  clientCpuSeconds: number;
  /** The client's peak resident memory (Node's maxRSS), MB. */
  clientPeakMB: number;
};

function isPage(x: unknown): x is Page {
  return typeof x === 'object' && x !== null && 'rows' in x && Array.isArray(x.rows) && 'next' in x && (x.next === null || typeof x.next === 'number');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The file writer of a format: `page` per page, `end`; chunks go to `out` as they come. */
function writerFor(format: ExportFormat, out: (chunk: Uint8Array | string) => void): { page(rows: ExportRecord[]): void; end(): void } {
  if (format === 'xlsx') {
    const sheet = new SheetWriter((chunk) => out(chunk), sheetOptions());
    return {
      page: (rows) => {
        for (const r of rows) sheet.row(exportCells(r));
        sheet.flush();
      },
      end: () => sheet.end(),
    };
  }
  out(csvStart(format));
  return { page: (rows) => out(rows.map((r) => csvRecord(r, format)).join('')), end: () => {} };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 10) / 10;
};

/** Walks every page of the export with a token, writing the file to `path`. */
export async function pagedExport(app: App, token: string, format: ExportFormat, path: string, limit: number): Promise<PagedRun> {
  const file = createWriteStream(path);
  const writer = writerFor(format, (chunk) => file.write(chunk));
  const latencies: number[] = [];
  let [queriesMax, readMax, rows, requests] = [0, 0, 0, 0];
  let after: number | null = 0;
  const cpuBefore = app.cpuSeconds().app;
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  while (after !== null) {
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/admin/campaigns/${SLUG}/signatures/page?after=${after}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`page after ${after} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const page: unknown = await res.json();
    if (!isPage(page)) throw new Error(`page after ${after}: not { rows, next, total }`);
    latencies.push(performance.now() - t0);
    const cost = parseServerTiming(res.headers.get('server-timing'));
    queriesMax = Math.max(queriesMax, cost?.queries ?? 0);
    readMax = Math.max(readMax, cost?.rowsRead ?? 0);
    writer.page(page.rows);
    rows += page.rows.length;
    requests += 1;
    after = page.next;
  }
  writer.end();
  await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const seconds = (performance.now() - start) / 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    format, rows, requests, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(rows / seconds), bytes: statSync(path).size,
    d1QueriesMax: queriesMax, d1RowsReadMax: readMax,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) },
    appCpuMsPerRequest: Math.round(((app.cpuSeconds().app - cpuBefore) * 1000 / requests) * 100) / 100,
    clientCpuSeconds: Math.round(((client.user + client.system) / 1e6) * 10) / 10,
    clientPeakMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function main(): Promise<void> {
  const seededRows = Number(arg('--rows') ?? 100_000);
  const limit = Number(arg('--limit') ?? 1000);
  const formats = (arg('--formats') ?? 'csv-excel-semicolon,xlsx').split(',').filter(isExportFormat);
  const template = makeTemplate();
  const db = seeded(template, seededRows);
  const token = makeApiToken(db.dir);
  const app = await startApp({ persistDir: db.dir, port: PORTS.app, inspectorPort: PORTS.inspector });
  const out = tempDir('export-paged-');
  const runs: PagedRun[] = [];
  try {
    for (const format of formats) {
      const path = join(out, `export.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
      const run = await pagedExport(app, token, format, path, limit);
      if (run.rows < seededRows) throw new Error(`the export gave ${run.rows} rows, fewer than the ${seededRows} seeded`);
      console.log(JSON.stringify(run));
      runs.push(run);
      rmSync(path, { force: true });
    }
  } finally {
    await app.stop();
  }
  writeFileSync('bench/export-paged-results.json', `${JSON.stringify({ date: new Date().toISOString(), seededRows, limit, runs }, null, 2)}\n`);
}

// Run as a script (npm run bench:export); imported by the bench's export phase for pagedExport only.
if (process.argv[1]?.endsWith('export-paged.ts')) main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(stopAll);
