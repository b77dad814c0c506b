import { type ExportFilter, type ExportRow, exportPage } from '../db/export';
import { type Cell, csvRow, UTF8_BOM } from '../lib/csv';
import { isoInstant } from '../lib/time';

export type ExportFormat = 'csv' | 'ndjson';

/** Rows per D1 query: big enough to be quick, small enough that a page is a few MB at most. */
export const EXPORT_PAGE_SIZE = 2000;

/** The CSV's first row: the column names. */
export const CSV_HEADER = ['id', 'status', 'signed at', 'confirmed at', 'name', 'email', 'country', 'city', 'target', 'message', 'public', 'consent', 'updates', 'updates consent', 'source'];

function iso(ms: number | null): string | null {
  return ms === null ? null : isoInstant(ms);
}

/** Whether the supporter gets updates: yes, no, or unsubscribed (they had said yes). */
function updatesCell(r: ExportRow): string {
  if (r.updates === null) return 'no';
  return r.unsubscribedAt === null ? 'yes' : 'unsubscribed';
}

/** One signature as a CSV record: what a spreadsheet opens (test/node/spreadsheet.test.ts). */
export function toCsv(r: ExportRow): string {
  const cells: Cell[] = [
    r.id, r.status, iso(r.signedAt), iso(r.confirmedAt), r.name, r.email, r.country, r.city, r.target, r.message,
    r.public ? 'yes' : 'no', r.consent, updatesCell(r), r.updates, r.source,
  ];
  return csvRow(cells);
}

function toJson(r: ExportRow): string {
  const { signedAt, confirmedAt, unsubscribedAt, ...rest } = r;
  return `${JSON.stringify({ ...rest, signedAt: iso(signedAt), confirmedAt: iso(confirmedAt), public: r.public === 1, unsubscribedAt: iso(unsubscribedAt) })}\n`;
}

/**
 * The export as a byte stream that reads one keyset page each time the consumer wants
 * more: memory holds one page, however many signatures there are, and a client that
 * stops reading stops the queries.
 */
export function exportStream(db: D1Database, campaignId: number, filter: ExportFilter, format: ExportFormat, bom: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const line = format === 'csv' ? toCsv : toJson;
  let afterId = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          const head = format === 'csv' ? csvRow(CSV_HEADER) : '';
          controller.enqueue(encoder.encode((bom ? UTF8_BOM : '') + head));
          return;
        }
        const rows = await exportPage(db, campaignId, afterId, filter, EXPORT_PAGE_SIZE);
        const last = rows.at(-1);
        if (last) {
          afterId = last.id;
          controller.enqueue(encoder.encode(rows.map(line).join('')));
        }
        if (rows.length < EXPORT_PAGE_SIZE) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
