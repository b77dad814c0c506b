import type { Campaign } from '../../db/campaigns';
import type { SourceTally, SpamPreview } from '../../db/bulk-spam';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { formatCount } from '../progress';
import type { FormState } from '../sign-form';

const FIELDS: { name: 'domain' | 'network' | 'from' | 'to'; label: MessageKey; type: string; placeholder?: string }[] = [
  { name: 'domain', label: 'admin.spam.domain', type: 'text', placeholder: 'bots.example' },
  { name: 'network', label: 'admin.spam.network', type: 'text', placeholder: '3f9a0c12b7e4' },
  { name: 'from', label: 'admin.spam.from', type: 'datetime-local' },
  { name: 'to', label: 'admin.spam.to', type: 'datetime-local' },
];

/** The filter: a GET form, so that asking how many changes nothing. */
export function BulkSpamForm({ slug, state, i18n }: { slug: string; state: FormState; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <form method="get" action={link(`/admin/campaigns/${slug}/spam`)} class="bulk-spam" novalidate>
      {/* A GET form drops its action's query: the language goes as a field. */}
      {i18n.inUrl && <input type="hidden" name="lang" value={i18n.locale} />}
      <p class="hint">{t('admin.spam.hint')}</p>
      {FIELDS.map((f) => {
        const error = state.errors[f.name];
        return (
          <p>
            <label for={`spam-${f.name}`}>{t(f.label)}</label>
            <input id={`spam-${f.name}`} name={f.name} type={f.type} value={state.values[f.name] ?? ''} placeholder={f.placeholder}
              aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `spam-${f.name}-error` : undefined} />
            {error && <span class="field-error" id={`spam-${f.name}-error`}>{error}</span>}
          </p>
        );
      })}
      <button type="submit" class="secondary">{t('admin.spam.preview')}</button>
    </form>
  );
}

/** The top sources of one kind, each a link to the preview of marking it all as spam. */
function Sources({ slug, caption, field, rows, i18n }: { slug: string; caption: string; field: 'domain' | 'network'; rows: SourceTally[]; i18n: I18n }) {
  const { t, link, locale } = i18n;
  return (
    <table class="tally" data-sources={field}>
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 && <tr><td colspan={2}>{t('admin.noneYet')}</td></tr>}
        {rows.map((r) => (
          <tr>
            <th scope="row"><a href={link(`/admin/campaigns/${slug}/spam?${new URLSearchParams({ [field]: r.key })}`)}><code>{r.key}</code></a></th>
            <td>{formatCount(r.count, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The dashboard's section: where live signatures come from, and the filter form. */
export function BulkSpamSection({ slug, sources, i18n }: { slug: string; sources: { domains: SourceTally[]; networks: SourceTally[] }; i18n: I18n }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="bulk-spam-heading">
      <h2 id="bulk-spam-heading">{t('admin.spam.heading')}</h2>
      <div class="columns-2">
        <Sources slug={slug} caption={t('admin.spam.topDomains')} field="domain" rows={sources.domains} i18n={i18n} />
        <Sources slug={slug} caption={t('admin.spam.topNetworks')} field="network" rows={sources.networks} i18n={i18n} />
      </div>
      <BulkSpamForm slug={slug} state={{ values: {}, errors: {} }} i18n={i18n} />
    </section>
  );
}

function Confirm({ slug, values, preview, csrf, i18n }: { slug: string; values: Record<string, string>; preview: SpamPreview; csrf: string; i18n: I18n }) {
  const { t, link } = i18n;
  // The stretch before this one: the same filter, looked at below `older`.
  const filter = FIELDS.map((f) => [f.name, values[f.name] ?? ''] as const).filter(([, v]) => v !== '');
  const olderHref = preview.older === null ? null : link(`/admin/campaigns/${slug}/spam?${new URLSearchParams([...filter, ['before', String(preview.older)]]).toString()}`);
  const stretch = preview.upTo !== null && preview.lowest !== null && (
    <p class="hint" data-spam-stretch={`${preview.lowest}-${preview.upTo}`}>{t('admin.spam.stretch', { count: preview.upTo - preview.lowest + 1 })}</p>
  );
  const older = olderHref && <p><a href={olderHref} data-spam-older>{t('admin.spam.older')}</a></p>;
  if (preview.matched === 0 || preview.upTo === null) return <>{stretch}<p data-spam-matched="0">{t('admin.spam.none')}</p>{older}</>;
  return (
    <>
    {stretch}
    <form method="post" action={link(`/admin/campaigns/${slug}/spam`)}>
      <p data-spam-matched={String(preview.matched)}>{t('admin.spam.matches', { count: preview.matched, confirmed: preview.confirmed })}</p>
      <p class="hint">{t('admin.spam.warning')}</p>
      <input type="hidden" name="_csrf" value={csrf} />
      {FIELDS.map((f) => <input type="hidden" name={f.name} value={values[f.name] ?? ''} />)}
      <input type="hidden" name="upTo" value={String(preview.upTo)} />
      <input type="hidden" name="lowest" value={String(preview.lowest ?? '')} />
      <button type="submit">{t('admin.spam.confirm', { count: preview.matched })}</button>
    </form>
    {older}
    </>
  );
}

/** The preview: the filter again, how many it matches now, and the button that marks them. */
export function BulkSpamPage(p: { campaign: Campaign; state: FormState; preview: SpamPreview | null; csrf: string; i18n: I18n }) {
  const { t, link } = p.i18n;
  const slug = p.campaign.slug;
  return (
    <section class="admin" aria-labelledby="spam-heading">
      <p><a href={link(`/admin/campaigns/${slug}#moderation-heading`)}>{t('admin.spam.back')}</a></p>
      <h1 id="spam-heading">{t('admin.spam.heading')}</h1>
      <BulkSpamForm slug={slug} state={p.state} i18n={p.i18n} />
      {p.preview && <Confirm slug={slug} values={p.state.values} preview={p.preview} csrf={p.csrf} i18n={p.i18n} />}
    </section>
  );
}
