import type { I18n } from '../../i18n/lang';
import { CampaignForm } from './campaign-form';

export type EditPageProps = { slug: string; title: string; csrf: string; values: Record<string, string>; errors: Record<string, string>; saved: boolean; i18n: I18n };

/** The editor of one campaign: the whole file as a form, and its targets as CSV. */
export function EditPage(p: EditPageProps) {
  const { t, link } = p.i18n;
  const csvError = p.errors.targetsCsv;
  return (
    <section class="admin">
      <p><a href={link(`/admin/campaigns/${p.slug}`)}>{t('editor.backToDashboard')}</a> · <a href={link(`/c/${p.slug}`)}>{t('admin.publicPage')}</a></p>
      <h1>{t('editor.edit.heading', { title: p.title })}</h1>
      {p.saved && <p class="notice" role="status">{t('editor.saved')}</p>}
      <CampaignForm mode="edit" slug={p.slug} csrf={p.csrf} values={p.values} errors={p.errors} i18n={p.i18n} />
      <section aria-labelledby="csv-heading">
        <h2 id="csv-heading">{t('editor.csv.heading')}</h2>
        <p><a class="button secondary" href={link(`/admin/campaigns/${p.slug}/targets.csv`)} download>{t('editor.csv.export')}</a></p>
        <form method="post" action={link(`/admin/campaigns/${p.slug}/edit`)}>
          <input type="hidden" name="_csrf" value={p.csrf} />
          <p class={csvError ? 'field invalid' : 'field'}>
            <label for="targets-csv">{t('editor.csv.import')}</label>
            <textarea id="targets-csv" name="targetsCsv" rows={6}>{p.values.targetsCsv ?? ''}</textarea>
            <small class="hint">{t('editor.csv.hint')}</small>
            {csvError && <span class="field-error">{csvError}</span>}
          </p>
          <button type="submit">{t('editor.csv.replace')}</button>
        </form>
      </section>
    </section>
  );
}
