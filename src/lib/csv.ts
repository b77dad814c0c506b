/** A CSV cell value: text, a number, or empty. */
export type Cell = string | number | null;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell, RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * Text that a spreadsheet would run as a formula gets a leading apostrophe, which
 * spreadsheets show as text; numbers are ours and pass as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRow(values: Cell[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Excel reads UTF-8 only when the file starts with this mark. */
export const UTF8_BOM = '\uFEFF';
