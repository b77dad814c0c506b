/**
 * A one-sheet Excel workbook (.xlsx, Office Open XML), written row by row into a streamed zip:
 * memory holds the rows not yet compressed (a page) and the deflate window, however many rows.
 * The Worker's streamed download and the organiser's browser (page by page) both use it.
 *
 * What the sheet is: a bold header row, frozen; an autofilter over every column; numbers as
 * numbers, moments as date cells (UTC, `yyyy-mm-dd hh:mm:ss`); text as inline strings, which
 * no spreadsheet evaluates: the writer never writes a formula (`<f>`), so a name such as
 * `=HYPERLINK(…)` stays the text it is.
 *
 * The container is fflate's streaming Zip with Deflate (zero dependencies, runs in Workers and
 * browsers): sizes and CRCs go in data descriptors after each entry, so nothing waits for the end.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { TypedCell } from './export-columns';

/** Where the zip's bytes go, in order; `final` on the last chunk. */
export type ZipSink = (chunk: Uint8Array, final: boolean) => void;

/** Excel's last row: a sheet holds 1,048,576 rows, the header one of them. */
export const XLSX_MAX_ROWS = 1_048_576;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Style indexes of styles.xml's cellXfs. */
const DATE_STYLE = 1;
const HEADER_STYLE = 2;
/** Unix epoch as an Excel serial day (1900 date system): 1970-01-01 is day 25569. */
const EPOCH_DAY = 25_569;
/** Uncompressed sheet text gathered before it goes to the deflater. */
const FLUSH_AT = 64 * 1024;

// Characters XML 1.0 cannot carry (Excel writes them as _xHHHH_), lone surrogates, a CR (an
// XML reader turns it into LF), the three that must be escaped, and a literal `_xHHHH_` (which
// Excel would decode: its `_` is escaped as `_x005F_`).
const NEEDS_WORK = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Text as the content of an XML element of the sheet, every character kept. */
export function xmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(SURROGATES, (pair) => (pair.length === 2 ? pair : '\uFFFD'))
    .replace(/[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (ch) => ESCAPES[ch] ?? `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** The column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/** A moment (epoch ms) as Excel's serial day number, in UTC. */
export function excelSerial(ms: number): number {
  return ms / 86_400_000 + EPOCH_DAY;
}

function cellXml(ref: string, c: TypedCell): string {
  if (c === null) return '';
  if ('text' in c) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(c.text)}</t></is></c>`;
  if ('number' in c) return Number.isFinite(c.number) ? `<c r="${ref}"><v>${c.number}</v></c>` : '';
  return Number.isFinite(c.date) ? `<c r="${ref}" s="${DATE_STYLE}"><v>${excelSerial(c.date)}</v></c>` : '';
}

const STYLES = `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>`
  + `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>`
  + `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`
  + `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>`
  + `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`
  + `<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`
  + `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`
  + `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>`
  + `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const CONTENT_TYPES = `${HEAD}<Types xmlns="${PKG}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`
  + `<Default Extension="xml" ContentType="application/xml"/>`
  + `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`
  + `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
  + `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;

const ROOT_RELS = `${HEAD}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `${HEAD}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`
  + `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;

function workbook(sheet: string, filterRef: string): string {
  return `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${xmlText(sheet)}" sheetId="1" r:id="rId1"/></sheets>`
    + `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${xmlText(sheet)}'!${filterRef}</definedName></definedNames></workbook>`;
}

export type SheetOptions = {
  /** The sheet's tab name (letters, digits, spaces; at most 31 characters). */
  sheet: string;
  header: string[];
  /** Column widths in characters, one per column (Excel's default is about 9). */
  widths?: number[];
  /** Deflate level, 0–9: the zip's size against the CPU it costs. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
};

/**
 * Writes the workbook to `sink`: `rows` as many times as there are pages, `flush` when a
 * page is done (its bytes then reach the sink), `end` once.
 */
export class SheetWriter {
  private readonly zip: Zip;
  private readonly file: ZipDeflate;
  private readonly encoder = new TextEncoder();
  private readonly refs: string[];
  private readonly options: SheetOptions;
  private pending = '';
  private rowCount = 0;

  constructor(sink: ZipSink, options: SheetOptions) {
    this.options = options;
    this.refs = options.header.map((_, i) => columnName(i));
    this.zip = new Zip((err, chunk, final) => {
      if (err) throw err;
      sink(chunk, final);
    });
    this.file = new ZipDeflate('xl/worksheets/sheet1.xml', { level: options.level ?? 6 });
    this.zip.add(this.file);
    const cols = options.widths?.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('') ?? '';
    this.pending = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0">`
      + `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`
      + `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`;
    this.row(options.header.map((text) => ({ text })), HEADER_STYLE);
  }

  /** Rows written so far, the header included. */
  get rows(): number {
    return this.rowCount;
  }

  /** One row of cells, in the header's order. */
  row(cells: TypedCell[], style?: number): void {
    if (this.rowCount >= XLSX_MAX_ROWS) throw new RangeError(`a sheet holds at most ${XLSX_MAX_ROWS} rows`);
    const n = ++this.rowCount;
    let xml = `<row r="${n}">`;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i] ?? null;
      const ref = `${this.refs[i] ?? columnName(i)}${n}`;
      xml += style === undefined || c === null || !('text' in c) ? cellXml(ref, c) : `<c r="${ref}" t="inlineStr" s="${style}"><is><t xml:space="preserve">${xmlText(c.text)}</t></is></c>`;
    }
    this.pending += `${xml}</row>`;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  /** Hands the rows gathered so far to the zip (their compressed bytes reach the sink as the deflater emits them). */
  flush(): void {
    if (this.pending === '') return;
    this.file.push(this.encoder.encode(this.pending));
    this.pending = '';
  }

  /** Closes the sheet (the autofilter spans every row written) and writes the workbook's other parts. */
  end(): void {
    const last = columnName(Math.max(0, this.options.header.length - 1));
    const ref = `A1:${last}${Math.max(1, this.rowCount)}`;
    this.pending += `</sheetData><autoFilter ref="${ref}"/></worksheet>`;
    this.file.push(this.encoder.encode(this.pending), true);
    this.pending = '';
    const absolute = `$A$1:$${last}$${Math.max(1, this.rowCount)}`;
    const parts: [string, string][] = [
      ['xl/workbook.xml', workbook(this.options.sheet, absolute)],
      ['xl/styles.xml', STYLES],
      ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
      ['_rels/.rels', ROOT_RELS],
      ['[Content_Types].xml', CONTENT_TYPES],
    ];
    for (const [name, text] of parts) {
      const part = new ZipPassThrough(name);
      this.zip.add(part);
      part.push(this.encoder.encode(text), true);
    }
    this.zip.end();
  }
}
