import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { EXPORT_FORMATS, type ExportFormat } from '../../lib/export-formats';

const FORMAT_WORDS: Record<ExportFormat, [MessageKey, MessageKey]> = {
  xlsx: ['admin.exports.xlsx', 'admin.exports.xlsxHint'],
  'csv-excel': ['admin.exports.csvExcel', 'admin.exports.csvExcelHint'],
  'csv-excel-semicolon': ['admin.exports.csvSemicolon', 'admin.exports.csvSemicolonHint'],
  csv: ['admin.exports.csvPlain', 'admin.exports.csvPlainHint'],
};

/** The export form as typed (a refused one comes back with a message per field). */
export type ExportFormState = { values: Record<string, string>; errors: Record<string, string> };

const FRESH: ExportFormState = { values: { status: 'confirmed', format: 'xlsx' }, errors: {} };

type ExportProps = { slug: string; i18n: I18n; state?: ExportFormState };

/**
 * The export: which signatures, which format (in plain words: which Excel it is for), one
 * button. Without JavaScript it is a GET form whose answer is the file, streamed in one
 * request; with it (src/widget/export.ts) the browser fetches the rows page by page, shows the
 * progress, and writes the same file itself, so it finishes at any size on Workers Free.
 */
export function Export({ slug, i18n, state = FRESH }: ExportProps) {
  const { t, link } = i18n;
  const { values, errors } = state;
  const radios = (name: string, choices: readonly string[], words: (c: string) => [MessageKey, MessageKey | null]) =>
    choices.map((c) => {
      const [label, hint] = words(c);
      const id = `export-${name}-${c}`;
      return (
        <p class="field check">
          <input type="radio" id={id} name={name} value={c} checked={values[name] === c} aria-describedby={hint ? `${id}-hint` : undefined} />
          <label for={id}>{t(label)}</label>
          {hint && <small id={`${id}-hint`} class="hint">{t(hint)}</small>}
        </p>
      );
    });
  const error = (name: string) => errors[name] && <span class="field-error" id={`export-${name}-error`}>{errors[name]}</span>;
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">{t('admin.export.heading')}</h2>
      <form method="get" action={link(`/admin/campaigns/${slug}/export/download`)} class="export-form" data-export-form
        data-page-url={`/api/admin/campaigns/${slug}/signatures/page`} data-slug={slug}
        data-text-starting={t('admin.exports.starting')} data-text-progress={t('admin.exports.progress')}
        data-text-progress-open={t('admin.exports.progressOpen')} data-text-done={t('admin.exports.done')} data-text-failed={t('admin.exports.failed')}>
        <fieldset class={errors.status ? 'invalid' : undefined} aria-describedby={errors.status ? 'export-status-error' : undefined}>
          <legend>{t('admin.exports.which')}</legend>
          {error('status')}
          {radios('status', ['confirmed', 'all'], (c) => [c === 'all' ? 'admin.exports.all' : 'admin.exports.confirmed', null])}
        </fieldset>
        <fieldset class={errors.format ? 'invalid' : undefined} aria-describedby={errors.format ? 'export-format-error' : undefined}>
          <legend>{t('admin.exports.format')}</legend>
          {error('format')}
          {radios('format', EXPORT_FORMATS, (c) => FORMAT_WORDS[c as ExportFormat] ?? ['admin.exports.csvPlain', null])}
        </fieldset>
        <p class="hint">{t('admin.exports.times')}</p>
        <p class="hint">{t('admin.exports.freePlan')}</p>
        <p class="buttons"><button type="submit" data-export="download">{t('admin.exports.download')}</button></p>
        <div class="export-progress" data-export-progress hidden>
          <progress id={`export-progress-${slug}`} max={1} value={0} aria-label={t('admin.exports.progressLabel')} />
          <p role="status" aria-live="polite" data-export-status></p>
        </div>
      </form>
      <p><a href={`/api/admin/campaigns/${slug}/signatures.ndjson`} download>{t('admin.exports.ndjson')}</a></p>
    </section>
  );
}
