import type { Campaign } from '../../db/campaigns';
import type { UpdateProgress } from '../../db/update-progress';
import type { Update } from '../../db/updates';
import { LANGUAGE_NAMES, LOCALES, type Locale } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { formatCount } from '../progress';
import type { FormState } from '../sign-form';
import { AdminNav } from './admin-nav';

/** One language's preview: the mail as a supporter of that language gets it. */
export type UpdatePreview = { lang: Locale; subject: string; text: string };

export type UpdatesPageProps = {
  campaign: Campaign;
  csrf: string;
  state: FormState;
  previews: UpdatePreview[];
  notice: string | null;
  audience: number;
  updates: Update[];
  progress: Map<number, UpdateProgress>;
  /** Send was pressed: the form asks once more, naming how many it goes to. */
  asking?: boolean;
  i18n: I18n;
};

function Field({ name, label, state, area }: { name: string; label: string; state: FormState; area?: boolean }) {
  const error = state.errors[name];
  const aria = { id: `update-${name}`, name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': error ? `update-${name}-error` : undefined };
  return (
    <p>
      <label for={`update-${name}`}>{label}</label>
      {area ? <textarea rows={8} maxlength={20000} {...aria}>{state.values[name] ?? ''}</textarea> : <input type="text" maxlength={200} value={state.values[name] ?? ''} {...aria} />}
      {error && <span class="field-error" id={`update-${name}-error`}>{error}</span>}
    </p>
  );
}

function UpdateForm({ campaign, csrf, state, audience, asking, i18n }: Pick<UpdatesPageProps, 'campaign' | 'csrf' | 'state' | 'audience' | 'asking' | 'i18n'>) {
  const { t, link } = i18n;
  const others = LOCALES.filter((l) => l !== campaign.locale);
  return (
    <form method="post" action={link(`/admin/campaigns/${campaign.slug}/updates`)} class="update-form" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      {/* One update per form: pressing Send twice sends it once. */}
      <input type="hidden" name="draft" value={state.values.draft || crypto.randomUUID()} />
      <p class="hint">{t('admin.updates.hint', { count: audience })}</p>
      <Field name="subject" label={t('admin.updates.subject')} state={state} />
      <Field name="body" label={t('admin.updates.body')} state={state} area />
      {others.map((l) => (
        <details open={Boolean(state.values[`subject_${l}`] || state.values[`body_${l}`]) || undefined}>
          <summary>{t('admin.updates.translation', { language: LANGUAGE_NAMES[l] })}</summary>
          <Field name={`subject_${l}`} label={t('admin.updates.subject')} state={state} />
          <Field name={`body_${l}`} label={t('admin.updates.body')} state={state} area />
        </details>
      ))}
      {asking ? (
        <div class="confirm-send" role="alert" id="confirm-send">
          <p><strong>{t('admin.updates.ask', { count: audience })}</strong></p>
          <p class="buttons">
            <button type="submit" name="intent" value="send-confirmed">{t('admin.updates.yesSend', { count: audience })}</button>
            <button type="submit" name="intent" value="preview" class="secondary">{t('admin.updates.notYet')}</button>
          </p>
        </div>
      ) : (
        <p class="buttons">
          <button type="submit" name="intent" value="preview" class="secondary">{t('admin.updates.preview')}</button>
          <button type="submit" name="intent" value="test" class="secondary">{t('admin.updates.test')}</button>
          <button type="submit" name="intent" value="send">{t('admin.updates.send', { count: audience })}</button>
        </p>
      )}
    </form>
  );
}

function Previews({ previews, i18n: { t } }: { previews: UpdatePreview[]; i18n: I18n }) {
  return (
    <>
      {previews.map((p) => (
        <section class="mail-preview" lang={p.lang} aria-label={t('admin.updates.previewHeading', { language: LANGUAGE_NAMES[p.lang] })}>
          <h3>{t('admin.updates.previewHeading', { language: LANGUAGE_NAMES[p.lang] })}</h3>
          <p><strong>{p.subject}</strong></p>
          <pre>{p.text}</pre>
        </section>
      ))}
    </>
  );
}

const COLUMNS = [
  'admin.updates.col.update', 'admin.updates.col.recipients', 'admin.updates.col.waiting', 'admin.updates.col.sent',
  'admin.updates.col.delivered', 'admin.updates.col.bounced', 'admin.updates.col.failed',
] as const;

function Progress({ updates, progress, i18n }: Pick<UpdatesPageProps, 'updates' | 'progress' | 'i18n'>) {
  const { t, locale } = i18n;
  if (updates.length === 0) return <p>{t('admin.updates.empty')}</p>;
  const n = (x: number) => formatCount(x, locale);
  // On a phone each row stacks, each figure after its column's name (app.css).
  const label = (i: number) => t(COLUMNS[i] ?? COLUMNS[0]);
  return (
    <div class="table-scroll" role="region" aria-label={t('admin.updates.listCaption')} tabindex={0}>
      <table class="tally update-progress" data-updates>
        <caption>{t('admin.updates.listCaption')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((k) => <th scope="col">{t(k)}</th>)}
          </tr>
        </thead>
        <tbody>
          {updates.map((u) => {
            const p = progress.get(u.id) ?? { waiting: 0, sent: 0, delivered: 0, bounced: 0, failed: 0 };
            return (
              <tr data-update={u.id}>
                <th scope="row">{u.subject}<br /><span class="hint">{t('admin.updates.by', { time: new Date(u.createdAt).toISOString().slice(0, 16).replace('T', ' '), author: u.author })}</span></th>
                <td data-label={label(1)}>{n(u.enqueued)}{u.enqueuedAt === null && <> ({t('admin.updates.queuing')})</>}</td>
                {[p.waiting, p.sent, p.delivered, p.bounced, p.failed].map((x, i) => <td data-label={label(i + 2)}>{n(x)}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Writing an update to the supporters who asked for them, and how the sent ones are doing. */
export function UpdatesPage(p: UpdatesPageProps) {
  const { t, link } = p.i18n;
  return (
    <section class="admin updates">
      <AdminNav slug={p.campaign.slug} current="updates" i18n={p.i18n} />
      <p>{p.campaign.title}</p>
      <h1>{t('admin.updates.heading')}</h1>
      {p.notice && <p role="status"><strong>{p.notice}</strong></p>}
      <UpdateForm campaign={p.campaign} csrf={p.csrf} state={p.state} audience={p.audience} asking={p.asking} i18n={p.i18n} />
      <Previews previews={p.previews} i18n={p.i18n} />
      <Progress updates={p.updates} progress={p.progress} i18n={p.i18n} />
    </section>
  );
}
