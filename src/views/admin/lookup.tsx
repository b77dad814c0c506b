import type { Campaign } from '../../db/campaigns';
import type { LookupResult } from '../../db/lookup';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { Rich } from '../rich';
import type { FormState } from '../sign-form';
import { LocalTime } from './local-time';
import { AdminNav } from './admin-nav';

/** The question "did my signature count?", one address at a time (a POST, so the address stays out of URLs and logs). */
export function LookupForm({ slug, csrf, state, i18n }: { slug: string; csrf: string; state: FormState; i18n: I18n }) {
  const { t, link } = i18n;
  const error = state.errors.email;
  return (
    <form method="post" action={link(`/admin/campaigns/${slug}/lookup`)} class="lookup" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <p>
        <label for="lookup-email">{t('admin.lookup.email')}</label>
        <input id="lookup-email" name="email" type="email" autocomplete="off" value={state.values.email ?? ''}
          aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'lookup-email-error' : 'lookup-hint'} />
        {error && <span class="field-error" id="lookup-email-error">{error}</span>}
      </p>
      <p class="hint" id="lookup-hint">{t('admin.lookup.hint')}</p>
      <button type="submit" class="secondary">{t('admin.lookup.submit')}</button>
    </form>
  );
}

const VERDICT: Record<LookupResult['status'], MessageKey> = {
  confirmed: 'admin.lookup.confirmed',
  pending: 'admin.lookup.pending',
  withdrawn: 'admin.lookup.withdrawn',
  spam: 'admin.lookup.spam',
};

/** The answer: whether it counts, and when it was signed and confirmed; nothing else about the person. */
function Answer({ found, now, i18n: { t } }: { found: LookupResult | null; now: number; i18n: I18n }) {
  if (!found) return <p data-lookup="none">{t('admin.lookup.none')}</p>;
  const expired = found.status === 'pending' && found.linkExpiresAt <= now;
  return (
    <div data-lookup={found.status}>
      <p><strong>{t(expired ? 'admin.lookup.expired' : VERDICT[found.status])}</strong></p>
      <ul>
        <li><Rich text={t('admin.lookup.signedAt')} parts={{ time: <LocalTime at={found.signedAt} /> }} /></li>
        {found.confirmedAt !== null && <li><Rich text={t('admin.lookup.confirmedAt')} parts={{ time: <LocalTime at={found.confirmedAt} /> }} /></li>}
        {found.status === 'pending' && <li><Rich text={t(expired ? 'admin.lookup.linkExpired' : 'admin.lookup.linkUntil')} parts={{ time: <LocalTime at={found.linkExpiresAt} /> }} /></li>}
      </ul>
    </div>
  );
}

export type LookupPageProps = { campaign: Campaign; csrf: string; state: FormState; answer?: { found: LookupResult | null }; now: number; i18n: I18n };

/** The lookup page: the form, and the answer once asked. */
export function LookupPage({ campaign, csrf, state, answer, now, i18n }: LookupPageProps) {
  const { t, link } = i18n;
  return (
    <section class="admin lookup-page">
      <AdminNav slug={campaign.slug} current="messages" i18n={i18n} />
      <h1>{t('admin.lookup.heading')}</h1>
      <p>{t('admin.lookup.intro')}</p>
      <LookupForm slug={campaign.slug} csrf={csrf} state={state} i18n={i18n} />
      {answer && (
        <section aria-labelledby="lookup-answer" class="lookup-answer">
          <h2 id="lookup-answer">{t('admin.lookup.answer')}</h2>
          <Answer found={answer.found} now={now} i18n={i18n} />
          <p class="hint">{t('admin.lookup.logged')}</p>
        </section>
      )}
    </section>
  );
}
