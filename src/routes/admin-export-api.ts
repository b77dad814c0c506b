import { Hono } from 'hono';
import * as v from 'valibot';
import { type ExportFilter, exportPage, exportTotal } from '../db/export';
import { exportStream, type StreamFormat } from '../flows/export-stream';
import { msg } from '../i18n/index';
import { contentDisposition, exportFileName, formatFile } from '../lib/export-formats';
import { isoDateTime } from '../schemas/date';
import { type AdminEnv, campaignAccess } from './admin-auth';
import { query } from './validation';

/**
 * The signature exports of the organisers' API (routed by admin-api.ts, behind its principal
 * check): the one-request downloads
 * (streamed; on Workers Free a request stops after about a thousand rows, so a large one needs
 * Workers Paid) and the pages the organiser's browser assembles a file of any size from, each
 * request within Workers Free.
 */
const adminExportApi = new Hono<AdminEnv>();

/** Rows per page of the paged export: one D1 query and a JSON body well inside 10 ms of CPU (bench: export phase). */
export const EXPORT_API_PAGE = 1000;

// Messages are catalog keys: answered in the organiser's language.
const status = v.optional(v.picklist(['pending', 'confirmed', 'withdrawn', 'spam'], msg('error.admin.status')));
const since = v.optional(isoDateTime({ shape: 'error.admin.since', real: 'error.admin.sinceReal' }));
const ExportQuery = v.object({
  status,
  since,
  bom: v.optional(v.picklist(['0', '1'], msg('error.admin.bom'))),
  variant: v.optional(v.picklist(['plain', 'excel', 'excel-semicolon'], msg('error.admin.variant'))),
});
const PageQuery = v.object({
  status,
  since,
  after: v.optional(v.pipe(v.string(), v.regex(/^(0|[1-9]\d{0,15})$/, msg('error.admin.after')), v.transform(Number), v.safeInteger(msg('error.admin.after'))), '0'),
  limit: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,3}$/, msg('error.admin.limit')), v.transform(Number), v.maxValue(EXPORT_API_PAGE, msg('error.admin.limit'))), String(EXPORT_API_PAGE)),
});

/** A download response: the file's type, its name (campaign, export, day) and no caching. */
export function downloadHeaders(slug: string, status: string | null, format: StreamFormat, now: number): Record<string, string> {
  const file = format === 'ndjson' ? null : formatFile(format);
  const name = format === 'ndjson' ? `${slug}-signatures-${status ?? 'all'}-${new Date(now).toISOString().slice(0, 10)}.ndjson` : exportFileName(slug, status, format, now);
  return {
    'content-type': file?.type ?? 'application/x-ndjson; charset=utf-8',
    'content-disposition': contentDisposition(name),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/** The one-request download of a format: streamed in keyset pages, memory flat. */
export function download(db: D1Database, campaign: { id: number; slug: string }, filter: ExportFilter, format: StreamFormat): Response {
  return new Response(exportStream(db, campaign.id, filter, format), { headers: downloadHeaders(campaign.slug, filter.status, format, Date.now()) });
}

const csvVariant = (q: v.InferOutput<typeof ExportQuery>): StreamFormat => {
  if (q.variant === 'excel-semicolon') return 'csv-excel-semicolon';
  if (q.variant === 'excel' || (q.variant === undefined && q.bom === '1')) return 'csv-excel';
  return 'csv';
};

for (const ext of ['csv', 'xlsx', 'ndjson'] as const) {
  adminExportApi.get(`/admin/campaigns/:slug/signatures.${ext}`, campaignAccess, query(ExportQuery, 'error.admin.query'), (c) => {
    const q = c.req.valid('query');
    const format: StreamFormat = ext === 'csv' ? csvVariant(q) : ext;
    return download(c.env.DB, c.var.campaign, { status: q.status ?? null, since: q.since ?? null }, format);
  });
}

/**
 * One page of the export as JSON, `{ rows, next, total }`: the rows after the id `after` (the
 * previous page's `next`; null when this was the last), and on the first page how many there
 * are in all (null with `since`). Each is one request well within Workers Free, so a browser
 * walks any campaign in pages and writes the file itself (src/widget/export.ts).
 */
adminExportApi.get('/admin/campaigns/:slug/signatures/page', campaignAccess, query(PageQuery, 'error.admin.query'), async (c) => {
  const q = c.req.valid('query');
  const campaign = c.var.campaign;
  const filter = { status: q.status ?? null, since: q.since ?? null };
  const [rows, total] = await Promise.all([
    exportPage(c.env.DB, campaign.id, q.after, filter, q.limit),
    q.after === 0 && filter.since === null ? exportTotal(c.env.DB, campaign.id, filter.status, Date.now()) : null,
  ]);
  const last = rows.at(-1);
  c.header('cache-control', 'no-store');
  return c.json({ rows, next: rows.length === q.limit && last ? last.id : null, total });
});

export default adminExportApi;
