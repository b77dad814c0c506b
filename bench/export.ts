/**
 * Export at scale: the CSV export through the API, timed and weighed, with the peak
 * memory of the workerd process that ran it; and sqlite3's own CSV export of the same
 * table from the same file, as the practical limit.
 */
import { execFileSync } from 'node:child_process';
import { type App, peakRss, rssParts } from './app';
import { SLUG } from './client';
import { parseServerTiming } from './cost';

export const EXPORT_PATH = `/api/admin/campaigns/${SLUG}/signatures.csv`;

/** Makes an API token for the demo campaign with the operator's CLI (app stopped). */
export function makeApiToken(persistDir: string): string {
  const out = execFileSync('npx', ['tsx', 'scripts/campaign.ts', 'token', SLUG, '--label', 'bench', '--persist-to', persistDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const token = /Bearer ([A-Za-z0-9_-]{43})/.exec(out)?.[1] ?? /^\s+([A-Za-z0-9_-]{43})\s*$/m.exec(out)?.[1];
  if (!token) throw new Error(`no token in the output of campaign token:\n${out}`);
  return token;
}

export type ApiExport = {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** VmHWM of the app's workerd before and after the export. */
  peakBeforeMB: number;
  peakAfterMB: number;
  /** Resident memory right after the export: anonymous (V8 heaps, SQLite cache) and file-backed (mapped files). */
  rssAfterMB: { anon: number; file: number };
  /** The Server-Timing of the response: what ran before the body started streaming. */
  headerCost: ReturnType<typeof parseServerTiming>;
};

const MB = 1024 * 1024;

/** Downloads the whole export, counting rows (lines after the header) and bytes. */
export async function apiExport(app: App, token: string): Promise<ApiExport> {
  const pid = app.runtimePid();
  if (pid === null) throw new Error('no workerd process found under wrangler dev');
  const peakBefore = peakRss(pid);
  const start = performance.now();
  const res = await fetch(app.url + EXPORT_PATH, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(480_000) });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = (performance.now() - start) / 1000;
  // Seeded rows have no line breaks inside cells, so lines − header = rows.
  const rows = lines - 1;
  const rss = rssParts(pid);
  return {
    rows,
    bytes,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    peakBeforeMB: Math.round((peakBefore / MB) * 10) / 10,
    peakAfterMB: Math.round((peakRss(pid) / MB) * 10) / 10,
    rssAfterMB: { anon: Math.round((rss.anon / MB) * 10) / 10, file: Math.round((rss.file / MB) * 10) / 10 },
    headerCost: parseServerTiming(res.headers.get('server-timing')),
  };
}

/** The same rows and columns as the API's CSV, for sqlite3 -csv. */
export function sqliteExportSql(campaign: number): string {
  const iso = (col: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col} / 1000.0, 'unixepoch')`;
  return `SELECT s.id, s.status, ${iso('s.created_at')} AS "signed at", ${iso('s.confirmed_at')} AS "confirmed at", s.name, s.email,
    s.country, s.city, t.name AS target, s.message, iif(s.public, 'yes', 'no') AS public, s.consent_version AS consent
    FROM signatures s LEFT JOIN targets t ON t.id = s.target_id WHERE s.campaign_id = ${campaign} ORDER BY s.id`;
}
