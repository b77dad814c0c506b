import { LOCALES } from '../../i18n/index';
import type { FieldState } from './form-fields';

const COLUMNS = ['id', 'name', 'country', 'email', 'locale', ...LOCALES.map((l) => `names.${l}`)];
const EMPTY_ROWS = 3;

/** How many rows the values hold (the last index with any cell), so every typed row comes back. */
function rowCount(values: Record<string, string>): number {
  let n = 0;
  for (const k of Object.keys(values)) {
    const m = /^targets\.(\d+)\./.exec(k);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

/** The targets as a table: one row each, a few empty rows to add one; empty rows are dropped. */
export function TargetsTable({ s }: { s: FieldState }) {
  const { t } = s.i18n;
  const rows = Array.from({ length: rowCount(s.values) + EMPTY_ROWS }, (_, i) => i);
  return (
    <div class="table-scroll">
      <input type="hidden" name="targets.present" value="1" />
      <table class="targets-table">
        <caption>{t('editor.targets.caption')}</caption>
        <thead><tr>{COLUMNS.map((c) => <th scope="col">{c}</th>)}</tr></thead>
        <tbody>
          {rows.map((i) => (
            <tr>
              {COLUMNS.map((c) => {
                const name = `targets.${i}.${c}`;
                const error = s.errors[name];
                return (
                  <td class={error ? 'invalid' : undefined}>
                    <input name={name} value={s.values[name] ?? ''} aria-label={`${c} ${i + 1}`} aria-invalid={error ? 'true' : undefined} size={c === 'email' || c === 'name' ? 24 : 6} />
                    {error && <span class="field-error">{error}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
