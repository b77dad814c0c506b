/**
 * The signature export's columns, shared by every format and by both places that write one:
 * the Worker's streamed download (src/flows/export-stream.ts) and the organiser's browser,
 * which fetches the rows page by page and writes the same file (src/widget/export.ts).
 */
import { isoInstant } from './time';

/** One exported signature as the database gives it (db/export.ts reads it; the page endpoint sends it as JSON). */
export type ExportRecord = {
  id: number;
  status: string;
  signedAt: number;
  confirmedAt: number | null;
  name: string;
  email: string | null;
  country: string;
  city: string;
  target: string | null;
  message: string | null;
  public: number;
  /** The privacy notice agreed to (campaign file `privacy.consentVersion`). */
  consent: string;
  /** The version of the "keep me updated" text ticked; null when not ticked (or erased). */
  updates: string | null;
  unsubscribedAt: number | null;
  /** Where it came from (lib/source.ts), or null. */
  source: string | null;
};

/** A typed cell: text, a number, a moment (epoch ms; ISO text in CSV, a date cell in xlsx), or empty. */
export type TypedCell = { text: string } | { number: number } | { date: number } | null;

/** The column names, in order (the first row of every format). */
export const EXPORT_HEADER = ['id', 'status', 'signed at', 'confirmed at', 'name', 'email', 'country', 'city', 'target', 'message', 'public', 'consent', 'updates', 'updates consent', 'source'];

/** The columns that hold moments: their header says the zone in the workbook, where they are date cells. */
export const DATE_COLUMNS: ReadonlySet<number> = new Set([2, 3]);
/** The columns that hold a version of a text agreed to (consent, updates consent): dates, to Excel's eye. */
export const VERSION_COLUMNS: ReadonlySet<number> = new Set([11, 13]);

/** Whether the supporter gets updates: yes, no, or unsubscribed (they had said yes). */
function updatesCell(r: ExportRecord): string {
  if (r.updates === null) return 'no';
  return r.unsubscribedAt === null ? 'yes' : 'unsubscribed';
}

const text = (s: string | null): TypedCell => (s === null ? null : { text: s });
const moment = (ms: number | null): TypedCell => (ms === null ? null : { date: ms });

/** One signature as typed cells, in the order of EXPORT_HEADER. */
export function exportCells(r: ExportRecord): TypedCell[] {
  return [
    { number: r.id }, text(r.status), moment(r.signedAt), moment(r.confirmedAt), text(r.name), text(r.email), text(r.country),
    text(r.city), text(r.target), text(r.message), text(r.public ? 'yes' : 'no'), text(r.consent), text(updatesCell(r)),
    text(r.updates), text(r.source),
  ];
}

// Text Excel would take for a date or a number when it opens a CSV: digits with date, time or
// number punctuation only (a consent version such as 2026-11-28 becomes 28.11.2026, a date).
const NUMBER_LIKE = /^[\s\d.,:/+-]+$/;

/**
 * A text as an Excel-meant CSV writes it: a version that Excel would turn into a date or a
 * number gets a `v` before it (`v2026-11-28`), so the cell stays what it says.
 */
export function excelText(s: string): string {
  return NUMBER_LIKE.test(s) && /\d/.test(s) ? `v${s}` : s;
}

/** The CSV reading of a typed cell: moments as ISO 8601 in UTC (`2026-12-07T10:15:00.000Z`), which no spreadsheet turns into a local date. */
export function plainCell(c: TypedCell): string | number | null {
  if (c === null) return null;
  if ('text' in c) return c.text;
  if ('number' in c) return c.number;
  return isoInstant(c.date);
}
