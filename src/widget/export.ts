/**
 * The export form, with JavaScript: the browser fetches the signatures page by page from the
 * JSON endpoint (a keyset cursor; each request well within Workers Free's 10 ms of CPU and 50
 * queries), writes the file with the same code the Worker's download uses (src/lib/), and
 * saves it. Each page becomes a Blob of its own as it arrives, so the browser can keep the
 * file outside the page's memory, and the whole file is one Blob of those parts at the end.
 * Without JavaScript the form asks the server for the file in one request.
 */
import { type ExportRecord, exportCells } from '../lib/export-columns';
import { csvRecord, csvStart, exportFileName, type ExportFormat, formatFile, isExportFormat, sheetOptions } from '../lib/export-formats';
import { SheetWriter } from '../lib/xlsx';
import { guard } from './net';

type Page = { rows: ExportRecord[]; next: number | null; total: number | null };

const isNumberOrNull = (x: unknown): x is number | null => x === null || typeof x === 'number';

/** The page endpoint's body, checked: rows (objects, as the server sends them), `next` and `total`. */
function isPage(x: unknown): x is Page {
  return typeof x === 'object' && x !== null && 'rows' in x && Array.isArray(x.rows) && x.rows.every((r) => typeof r === 'object' && r !== null && 'id' in r)
    && 'next' in x && isNumberOrNull(x.next) && 'total' in x && isNumberOrNull(x.total);
}

/** The file being written: `page` per page of rows, `end` for the Blob. */
type FileWriter = { page(rows: ExportRecord[]): void; end(): Blob };

function csvWriter(format: Exclude<ExportFormat, 'xlsx'>, type: string): FileWriter {
  const parts: Blob[] = [new Blob([csvStart(format)])];
  return {
    page: (rows) => void parts.push(new Blob([rows.map((r) => csvRecord(r, format)).join('')])),
    end: () => new Blob(parts, { type }),
  };
}

function xlsxWriter(type: string): FileWriter {
  const parts: Blob[] = [];
  let chunks: Uint8Array<ArrayBuffer>[] = [];
  // fflate's chunks are typed as on any buffer; a copy of the compressed bytes is typed as a Blob takes them.
  const writer = new SheetWriter((chunk) => void chunks.push(chunk.slice()), sheetOptions());
  const seal = () => {
    if (chunks.length > 0) parts.push(new Blob(chunks));
    chunks = [];
  };
  return {
    page: (rows) => {
      for (const r of rows) writer.row(exportCells(r));
      writer.flush();
      seal();
    },
    end: () => {
      writer.end();
      seal();
      return new Blob(parts, { type });
    },
  };
}

/** One page, tried again twice after a pause when the network or the server fails. */
async function fetchPage(url: string): Promise<Page> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 1000 * attempt));
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.status >= 400 && res.status < 500) throw new Error(`HTTP ${res.status}`);
      if (!res.ok) {
        last = new Error(`HTTP ${res.status}`);
        continue;
      }
      const body: unknown = await res.json();
      if (!isPage(body)) throw new Error('unexpected answer');
      return body;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('HTTP 4')) throw err;
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('network');
}

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

async function run(form: HTMLFormElement, button: HTMLButtonElement | null): Promise<void> {
  const data = new FormData(form);
  const format = String(data.get('format') ?? '');
  const status = String(data.get('status') ?? '');
  if (!isExportFormat(format) || (status !== 'all' && status !== 'confirmed')) return form.submit();
  const box = form.querySelector<HTMLElement>('[data-export-progress]');
  const bar = form.querySelector<HTMLProgressElement>('progress');
  const live = form.querySelector<HTMLElement>('[data-export-status]');
  const lang = document.documentElement.lang || 'en';
  const number = new Intl.NumberFormat([lang, 'en']);
  const text = (key: string, vars: Record<string, string> = {}) => fill(form.dataset[key] ?? '', vars);
  const say = (s: string) => live && (live.textContent = s);
  if (box) box.hidden = false;
  if (button) button.disabled = true;
  say(text('textStarting'));
  const { type } = formatFile(format);
  const file = format === 'xlsx' ? xlsxWriter(type) : csvWriter(format, type);
  const base = new URL(form.dataset.pageUrl ?? '', location.href);
  if (status !== 'all') base.searchParams.set('status', status);
  let after: number | null = 0;
  let done = 0;
  let total: number | null = null;
  let spoken = -1;
  try {
    while (after !== null) {
      base.searchParams.set('after', String(after));
      const page: Page = await fetchPage(base.href);
      if (page.total !== null) total = page.total;
      file.page(page.rows);
      done += page.rows.length;
      after = page.next;
      const of = Math.max(total ?? 0, done);
      if (bar) {
        bar.max = Math.max(1, of);
        bar.value = done;
      }
      // The live text every tenth of the way (a screen reader reads each change), the bar every page.
      const tenth = of > 0 ? Math.floor((done / of) * 10) : 0;
      if (tenth !== spoken || after === null) {
        spoken = tenth;
        say(total === null ? text('textProgressOpen', { done: number.format(done) }) : text('textProgress', { done: number.format(done), total: number.format(of) }));
      }
    }
    const name = exportFileName(form.dataset.slug ?? 'export', status === 'all' ? null : status, format, Date.now());
    save(file.end(), name);
    say(text('textDone', { file: name, done: number.format(done) }));
  } catch (err) {
    say(text('textFailed', { error: err instanceof Error ? err.message : 'error' }));
  } finally {
    if (button) button.disabled = false;
  }
}

/** Hands the Blob to the browser as a download named `name`. */
function save(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference by now; the URL only keeps the Blob alive.
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

/** Takes over every export form's submit on the page. */
export function exportForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-export-form]')) {
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    let busy = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      guard(() => run(form, button).finally(() => void (busy = false)))();
    });
  }
}
