/** A CSV cell value: text, a number, or empty. */
export type Cell = string | number | null;

// What a spreadsheet may skip or not show before a formula: spaces, zero-width and bidi
// characters, the BOM, soft hyphens, and quotes (a field opened by a quote in a
// spreadsheet's reading of the file that we did not write as one).
const INVISIBLE = '[\\s"\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff]';
// A cell starting with one of these runs as a formula (CSV injection): = + - @, TAB and
// CR, and their full-width and small forms, which some spreadsheets fold to ASCII.
const FORMULA = '[=+\\-@\\t\\r\\uff1d\\uff0b\\uff0d\\uff20\\ufe62\\ufe63\\ufe66\\ufe6b]';
// TAB and CR are formula starts and LF a row break of its own, so none of them is skipped.
const SKIPPED = `(?:(?![\\t\\r\\n])${INVISIBLE})*`;
const AT_START = new RegExp(`^${SKIPPED}${FORMULA}`, 'u');
// Where a spreadsheet that reads the file with another separator (`;` in German, French or
// Russian settings, TAB) or reads a quoted line break as the end of a row starts a cell.
const AFTER_BREAK = new RegExp(`([;\\t\\r\\n])(?=${SKIPPED}${FORMULA})`, 'gu');
const HAS_BREAK = /[;\t\r\n]/;
const PLAIN_START = /^[A-Za-z0-9]/;

/**
 * Text as no spreadsheet will run it: a `'` (shown as text) before a formula start at the
 * beginning, and after every `;`, TAB or line break that a spreadsheet reading the file
 * with another separator would start a cell at. Everything else is kept as written.
 */
export function spreadsheetSafe(text: string): string {
  // Most cells have no separator or break, and start with a letter or digit (neither skipped
  // nor a formula start): a cheap test each, before the full patterns (a million rows, 15 cells each).
  const inside = HAS_BREAK.test(text) ? text.replace(AFTER_BREAK, "$1'") : text;
  return !PLAIN_START.test(inside) && AT_START.test(inside) ? `'${inside}` : inside;
}

/**
 * One cell, RFC 4180. Every text is quoted (quotes doubled), so a spreadsheet that splits
 * on `;` never splits inside one, and made spreadsheet-safe; numbers are ours and pass as
 * they are; null is an empty cell.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = spreadsheetSafe(value);
  return `"${safe.includes('"') ? safe.replace(/"/g, '""') : safe}"`;
}

/** One record, CRLF-terminated as RFC 4180 says; `,` unless told (`;` for Excel in German, French or Russian settings). */
export function csvRow(values: Cell[], separator: ',' | ';' = ','): string {
  return `${values.map(csvCell).join(separator)}\r\n`;
}

/** Excel reads UTF-8 only when the file starts with this mark. */
export const UTF8_BOM = '\uFEFF';
