/**
 * The export at scale: the CSV through the API in a fresh workerd per size, beside sqlite3's own
 * export of the same file; then the same rows the paged way the organiser's browser takes
 * (bench/export-paged.ts), each request one page.
 */
import { startApp } from './app';
import type { BenchConfig } from './config';
import { PORTS } from './config';
import { apiExport, type ApiExport, makeApiToken, sqliteExportSql } from './export';
import { pagedExport, type PagedRun } from './export-paged';
import { tempDir } from './app';
import { join } from 'node:path';
import { seeded } from './seed';
import { sqliteCsv } from './sqlite';

export type ExportRun = ApiExport & { sqlite: { bytes: number; seconds: number; rowsPerSecond: number }; ratio: number; paged: PagedRun };
export type ExportResult = { runs: ExportRun[]; growthMB: number | null };

async function exportOnce(template: string, rows: number, log: (s: string) => void): Promise<ExportRun> {
  const db = seeded(template, rows);
  const token = makeApiToken(db.dir);
  const app = await startApp({ persistDir: db.dir, port: PORTS.app, inspectorPort: PORTS.inspector });
  let api: ApiExport;
  let paged: PagedRun;
  try {
    api = await apiExport(app, token);
    paged = await pagedExport(app, token, 'csv-excel-semicolon', join(tempDir('paged-'), 'export.csv'), 1000);
  } finally {
    // Returns once every process of that wrangler dev is gone, so sqlite3 finds the file free.
    await app.stop();
  }
  if (api.rows !== rows) throw new Error(`export gave ${api.rows} rows, expected ${rows}`);
  const lite = await sqliteCsv(db.file, sqliteExportSql(db.campaign));
  const sqlite = { ...lite, rowsPerSecond: Math.round(rows / lite.seconds) };
  const run = { ...api, paged, sqlite, ratio: Math.round((api.rowsPerSecond / sqlite.rowsPerSecond) * 1000) / 1000 };
  log(`export ${rows}: ${JSON.stringify(run)}`);
  return run;
}

/** The export at each configured size, each in a fresh workerd, beside sqlite3's. */
export async function exportPhase(template: string, cfg: BenchConfig, log: (s: string) => void): Promise<ExportResult> {
  const runs: ExportRun[] = [];
  for (const rows of cfg.exportSizes) runs.push(await exportOnce(template, rows, log));
  const first = runs[0];
  const last = runs.at(-1);
  const growthMB = first && last && runs.length > 1 ? Math.round((last.peakAfterMB - first.peakAfterMB) * 10) / 10 : null;
  return { runs, growthMB };
}
