/**
 * The signature export's formats, what each file is called, and how each writes a row: one
 * module for the Worker's streamed download and the organiser's browser (page by page), so
 * both make the same file.
 */
import { csvRow, UTF8_BOM } from './csv';
import { DATE_COLUMNS, EXPORT_HEADER, type ExportRecord, excelText, exportCells, plainCell, VERSION_COLUMNS } from './export-columns';
import type { SheetOptions } from './xlsx';

/**
 * - `csv`: plain UTF-8, `,` (for programs, and for LibreOffice, Numbers, Google Sheets);
 * - `csv-excel`: with a BOM (so Excel reads UTF-8), `,` (Excel in English settings);
 * - `csv-excel-semicolon`: with a BOM, `;` (Excel where the comma is the decimal separator:
 *   Russian, Kazakh, German, French… settings);
 * - `xlsx`: an Excel workbook, which opens the same everywhere.
 */
export const EXPORT_FORMATS = ['xlsx', 'csv-excel', 'csv-excel-semicolon', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

/** The file's extension and media type. */
export function formatFile(format: ExportFormat): { ext: 'csv' | 'xlsx'; type: string } {
  return format === 'xlsx'
    ? { ext: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
    : { ext: 'csv', type: 'text/csv; charset=utf-8; header=present' };
}

const SUFFIX: Record<ExportFormat, string> = { xlsx: '', 'csv-excel': '-excel', 'csv-excel-semicolon': '-excel-semicolon', csv: '' };

/**
 * `zhanaozen-solidarity-signatures-confirmed-2026-12-07.xlsx`: the campaign, which signatures
 * (`all` when not filtered), the variant, the day (UTC).
 */
export function exportFileName(slug: string, status: string | null, format: ExportFormat, now: number): string {
  const day = new Date(now).toISOString().slice(0, 10);
  return `${slug}-signatures-${status ?? 'all'}${SUFFIX[format]}-${day}.${formatFile(format).ext}`;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: the plain name for old clients (anything
 * but printable ASCII replaced by `_`), the exact one by RFC 5987 / RFC 6266.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** What a CSV variant starts with: the BOM for Excel, then the header row. */
export function csvStart(format: Exclude<ExportFormat, 'xlsx'>): string {
  const separator = format === 'csv-excel-semicolon' ? ';' : ',';
  return (format === 'csv' ? '' : UTF8_BOM) + csvRow(EXPORT_HEADER, separator);
}

/** One signature as a CSV record of the variant (the Excel ones keep version numbers from turning into dates). */
export function csvRecord(r: ExportRecord, format: Exclude<ExportFormat, 'xlsx'>): string {
  const excel = format !== 'csv';
  const cells = exportCells(r).map((c, i) => {
    const v = plainCell(c);
    return excel && typeof v === 'string' && VERSION_COLUMNS.has(i) ? excelText(v) : v;
  });
  return csvRow(cells, format === 'csv-excel-semicolon' ? ';' : ',');
}

/** The workbook's sheet: moments' headers say UTC; widths that show a date and a name whole. */
export function sheetOptions(): SheetOptions {
  return {
    sheet: 'signatures',
    header: EXPORT_HEADER.map((h, i) => (DATE_COLUMNS.has(i) ? `${h} (UTC)` : h)),
    widths: [8, 10, 19, 19, 24, 28, 8, 16, 28, 40, 7, 12, 12, 14, 16],
    level: 6,
  };
}
