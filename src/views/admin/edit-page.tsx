import type { I18n } from '../../i18n/lang';
import { CampaignForm } from './campaign-form';
import { AdminNav } from './admin-nav';

export type EditPageProps = { slug: string; title: string; csrf: string; values: Record<string, string>; errors: Record<string, string>; saved: boolean; i18n: I18n };

/** The editor of one campaign: the whole file as one form (a CSV of targets pasted in it too), and the targets' CSV to download. */
export function EditPage(p: EditPageProps) {
  const { t, link } = p.i18n;
  return (
    <section class="admin">
      <AdminNav slug={p.slug} current="settings" i18n={p.i18n} />
      <p><a href={link(`/c/${p.slug}`)}>{t('admin.publicPage')}</a></p>
      <h1>{t('editor.edit.heading', { title: p.title })}</h1>
      {p.saved && <p class="notice" role="status">{t('editor.saved')}</p>}
      <CampaignForm mode="edit" slug={p.slug} csrf={p.csrf} values={p.values} errors={p.errors} i18n={p.i18n} />
      <p><a class="button secondary" href={link(`/admin/campaigns/${p.slug}/targets.csv`)} download>{t('editor.csv.export')}</a></p>
    </section>
  );
}
