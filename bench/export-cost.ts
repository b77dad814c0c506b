/**
 * D1 rows read per 1,000 exported rows. The export streams its pages after the response
 * headers have gone, so its Server-Timing shows only what ran first; instead the app's
 * own `exportPage` runs here against the same local D1 (wrangler's getPlatformProxy),
 * measured by the same `instrumentD1` as the header, for the first and the last page.
 */
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { exportPage } from '../src/db/export';
import { EXPORT_PAGE_SIZE } from '../src/flows/export-stream';
import { emptyTotals, instrumentD1 } from '../src/middleware/metrics';

export type PageCost = { rows: number; rowsRead: number; rowsWritten: number; readPer1000: number };
export type ExportCost = { first: PageCost; last: PageCost };

function isD1(db: unknown): db is D1Database {
  return typeof db === 'object' && db !== null && 'prepare' in db && 'batch' in db;
}

/** Rows read for the export's first page and its last full page, in a database not otherwise in use. */
export async function exportPageCosts(persistDir: string, campaignId: number, lastId: number): Promise<ExportCost> {
  const proxy = await getPlatformProxy({ persist: { path: join(persistDir, 'v3') }, remoteBindings: false });
  try {
    const raw = proxy.env.DB;
    if (!isD1(raw)) throw new Error('no D1 binding DB from getPlatformProxy');
    const page = async (afterId: number): Promise<PageCost> => {
      const totals = emptyTotals();
      const rows = await exportPage(instrumentD1(raw, totals), campaignId, afterId, { status: null, since: null }, EXPORT_PAGE_SIZE);
      return { rows: rows.length, rowsRead: totals.rowsRead, rowsWritten: totals.rowsWritten, readPer1000: Math.round((totals.rowsRead / Math.max(1, rows.length)) * 1000) };
    };
    return { first: await page(0), last: await page(Math.max(0, lastId - EXPORT_PAGE_SIZE)) };
  } finally {
    await proxy.dispose();
  }
}
