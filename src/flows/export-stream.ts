import { type ExportFilter, type ExportRow, exportPage } from '../db/export';
import { csvRecord, csvStart, type ExportFormat, sheetOptions } from '../lib/export-formats';
import { exportCells } from '../lib/export-columns';
import { isoInstant } from '../lib/time';
import { SheetWriter } from '../lib/xlsx';

/** What the one-request download can be: a spreadsheet format, or NDJSON for programs. */
export type StreamFormat = ExportFormat | 'ndjson';

/** Rows per D1 query: big enough to be quick, small enough that a page is a few MB at most. */
export const EXPORT_PAGE_SIZE = 2000;

function iso(ms: number | null): string | null {
  return ms === null ? null : isoInstant(ms);
}

function toJson(r: ExportRow): string {
  const { signedAt, confirmedAt, unsubscribedAt, ...rest } = r;
  return `${JSON.stringify({ ...rest, signedAt: iso(signedAt), confirmedAt: iso(confirmedAt), public: r.public === 1, unsubscribedAt: iso(unsubscribedAt) })}\n`;
}

/** Turns pages of rows into the format's bytes: a start, one chunk per page, an end. */
type Encoder = { start(): Uint8Array[]; page(rows: ExportRow[]): Uint8Array[]; end(): Uint8Array[] };

function textEncoder(start: string, line: (r: ExportRow) => string): Encoder {
  const enc = new TextEncoder();
  return {
    start: () => [enc.encode(start)],
    page: (rows) => [enc.encode(rows.map(line).join(''))],
    end: () => [],
  };
}

/** The workbook: the sheet writer's zip chunks, collected as each page is flushed. */
function xlsxEncoder(): Encoder {
  let out: Uint8Array[] = [];
  const writer = new SheetWriter((chunk) => out.push(chunk), sheetOptions());
  const take = () => {
    const chunks = out;
    out = [];
    return chunks;
  };
  return {
    start: take,
    page: (rows) => {
      for (const r of rows) writer.row(exportCells(r));
      writer.flush();
      return take();
    },
    end: () => {
      writer.end();
      return take();
    },
  };
}

function encoderFor(format: StreamFormat): Encoder {
  if (format === 'ndjson') return textEncoder('', toJson);
  if (format === 'xlsx') return xlsxEncoder();
  return textEncoder(csvStart(format), (r) => csvRecord(r, format));
}

/**
 * The export as a byte stream that reads one keyset page each time the consumer wants
 * more: memory holds one page (and, for the workbook, the deflate window), however many
 * signatures there are, and a client that stops reading stops the queries.
 */
export function exportStream(db: D1Database, campaignId: number, filter: ExportFilter, format: StreamFormat): ReadableStream<Uint8Array> {
  const encoder = encoderFor(format);
  let afterId = 0;
  let pending = encoder.start();
  return new ReadableStream<Uint8Array>(
    {
      // Reads pages until there is something to send (a workbook's deflater may hold a small
      // page back), so every pull enqueues or closes: a pull that did neither would stall the stream.
      async pull(controller) {
        for (;;) {
          const rows = await exportPage(db, campaignId, afterId, filter, EXPORT_PAGE_SIZE);
          const last = rows.at(-1);
          if (last) {
            afterId = last.id;
            pending.push(...encoder.page(rows));
          }
          const done = rows.length < EXPORT_PAGE_SIZE;
          if (done) pending.push(...encoder.end());
          const chunks = pending.filter((c) => c.length > 0);
          pending = [];
          for (const chunk of chunks) controller.enqueue(chunk);
          if (done) return controller.close();
          if (chunks.length > 0) return;
        }
      },
    },
    { highWaterMark: 0 },
  );
}
