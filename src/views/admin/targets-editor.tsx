import { LANGUAGE_NAMES, LOCALES } from '../../i18n/index';
import { countryOptions } from './country-options';
import { type FieldState, idOf } from './form-fields';

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


/** One input of a target row: its label, its value as typed, its problem right under it. */
function Cell({ name, label, s, type = 'text', children }: { name: string; label: string; s: FieldState; type?: string; children?: unknown }) {
  const id = idOf(name);
  const error = s.errors[name];
  const aria = { id, name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': error ? `${id}-error` : undefined };
  return (
    <p class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children ? <select {...aria}>{children}</select> : <input {...aria} type={type} value={s.values[name] ?? ''} />}
      {error && <span class="field-error" id={`${id}-error`}>{error}</span>}
    </p>
  );
}

/** One target: a country from the list, a name, an address; names in other languages and its id folded away. */
function TargetRow({ i, s }: { i: number; s: FieldState }) {
  const { t, locale } = s.i18n;
  const at = (k: string) => `targets.${i}.${k}`;
  const more = [at('id'), at('locale'), ...LOCALES.map((l) => at(`names.${l}`))];
  return (
    <fieldset class="target-row" data-target-row={String(i)}>
      <legend>{t('editor.target.legend', { n: i + 1 })}</legend>
      <div class="target-main">
        <Cell name={at('country')} label={t('editor.target.country')} s={s}>
          <option value="">{t('editor.target.chooseCountry')}</option>
          {countryOptions(locale, (s.values[at('country')] ?? '').trim().toUpperCase())}
        </Cell>
        <Cell name={at('name')} label={t('editor.target.name')} s={s} />
        <Cell name={at('email')} label={t('editor.target.email')} s={s} type="email" />
      </div>
      {s.values[at('id')] && (
        <p class="field check">
          <input type="checkbox" id={idOf(at('remove'))} name={at('remove')} checked={s.values[at('remove')] === 'on'} />
          <label for={idOf(at('remove'))}>{t('editor.target.remove')}</label>
        </p>
      )}
      <details open={more.some((k) => s.errors[k]) || undefined}>
        <summary>{t('editor.target.more')}</summary>
        {LOCALES.map((l) => <Cell name={at(`names.${l}`)} label={t('editor.target.nameIn', { language: LANGUAGE_NAMES[l] })} s={s} />)}
        <Cell name={at('locale')} label={t('editor.target.locale')} s={s}>
          <option value="">{t('editor.target.localeCampaign')}</option>
          {LOCALES.map((l) => <option value={l} selected={s.values[at('locale')] === l}>{LANGUAGE_NAMES[l]}</option>)}
        </Cell>
        <Cell name={at('id')} label={t('editor.target.id')} s={s} />
        <small class="hint">{t('editor.target.idHint')}</small>
      </details>
    </fieldset>
  );
}

/**
 * The targets: one block each (a few empty ones to add a target; an empty one is ignored),
 * and the CSV import, in the same form, so one Save keeps every other edit too.
 */
export function TargetsEditor({ s }: { s: FieldState }) {
  const { t } = s.i18n;
  const rows = Array.from({ length: rowCount(s.values) + EMPTY_ROWS }, (_, i) => i);
  const csvError = s.errors.targetsCsv;
  return (
    <>
      <input type="hidden" name="targets.present" value="1" />
      <p class="hint">{t('editor.targets.caption')}</p>
      <div class="target-rows">{rows.map((i) => <TargetRow i={i} s={s} />)}</div>
      <details open={Boolean(csvError || s.values.targetsCsv) || undefined}>
        <summary>{t('editor.csv.heading')}</summary>
        <p class={csvError ? 'field invalid' : 'field'}>
          <label for="targets-csv">{t('editor.csv.import')}</label>
          <textarea id="targets-csv" name="targetsCsv" rows={6} aria-invalid={csvError ? 'true' : undefined} aria-describedby="targets-csv-hint">{s.values.targetsCsv ?? ''}</textarea>
          <small class="hint" id="targets-csv-hint">{t('editor.csv.hint')}</small>
          {csvError && <span class="field-error">{csvError}</span>}
        </p>
      </details>
    </>
  );
}
