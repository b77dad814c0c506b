import { LOCALES } from '../i18n/index';
import { csvRow } from '../lib/csv';
import { parseCsv } from '../lib/csv-read';
import type { CampaignFile } from './campaign-file';

/** The columns of a targets CSV: the file's target fields, translated names as `names.<lang>`. */
export const TARGET_COLUMNS = ['id', 'name', 'country', 'email', 'locale', ...LOCALES.map((l) => `names.${l}`)];

/** The targets as CSV (what the editor exports, and imports back unchanged). */
export function targetsToCsv(targets: CampaignFile['targets']): string {
  const rows = targets.map((t) => csvRow([t.id, t.name, t.country, t.email, t.locale ?? '', ...LOCALES.map((l) => t.names[l] ?? '')]));
  return csvRow(TARGET_COLUMNS) + rows.join('');
}

/**
 * The form's target inputs (`targets.<i>.<field>`) for a CSV, columns found by their header
 * (any order; `language` is taken for `locale`), or null when it is not CSV with a header
 * naming at least `name`. A row without an id gets one from its country and name; the
 * schema then judges every cell as it judges a typed one.
 */
export function csvToTargetValues(text: string): Record<string, string> | null {
  const rows = parseCsv(text);
  const header = rows?.[0]?.map((h) => h.trim().toLowerCase().replace(/^language$/, 'locale'));
  if (!rows || !header?.includes('name')) return null;
  const values: Record<string, string> = { 'targets.present': '1' };
  rows.slice(1).forEach((cells, i) => {
    header.forEach((col, j) => {
      const known = TARGET_COLUMNS.find((c) => c.toLowerCase() === col);
      if (known) values[`targets.${i}.${known}`] = (cells[j] ?? '').trim();
    });
    if (!values[`targets.${i}.id`]) values[`targets.${i}.id`] = idFor(values[`targets.${i}.country`] ?? '', values[`targets.${i}.name`] ?? '', i);
  });
  return values;
}

function idFor(country: string, name: string, i: number): string {
  const base = `${country}-${name}`.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
  return `${base || 'target'}-${i + 1}`;
}
