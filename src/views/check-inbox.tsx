import type { Campaign } from '../db/campaigns';
import type { I18n } from '../i18n/lang';
import { Notice } from './layout';
import { Rich } from './rich';

/** An envelope, drawn inline (decorative). */
function Envelope() {
  return (
    <svg class="envelope" viewBox="0 0 64 48" width="64" height="48" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="60" height="44" rx="6" fill="#fff" stroke="currentColor" stroke-width="4" />
      <path d="M6 8 L32 28 L58 8" fill="none" stroke="currentColor" stroke-width="4" stroke-linejoin="round" />
    </svg>
  );
}

/**
 * After signing: the confirmation email is on its way, to `email` when this browser just
 * signed with it (null: the page cannot say which). It reads the same whether or not the
 * address had signed before, and so does the answer to "send it again".
 */
export function CheckInboxPage({ campaign, email, resent, i18n }: { campaign: Campaign; email: string | null; resent: boolean; i18n: I18n }) {
  const { t, link } = i18n;
  const again = <a href={link(`/c/${campaign.slug}#sign`)}>{t('check.signAgain')}</a>;
  return (
    <Notice heading={t('check.title')}>
      <Envelope />
      {email ? (
        <p class="lede">
          <Rich text={t('check.sentTo', { title: campaign.title })} parts={{ email: <strong class="address">{email}</strong> }} />
        </p>
      ) : (
        <p class="lede">{t('check.sent', { title: campaign.title })}</p>
      )}
      <p>{t('check.counts')}</p>
      <p>{t('check.spam')}</p>
      {resent && <p class="status-note" role="status">{t('check.resent')}</p>}
      <ul class="next-steps">
        {email && (
          <li>
            <form method="post" action={link(`/c/${campaign.slug}/signed/resend`)} class="inline">
              {t('check.noMail')} <button type="submit" class="link-button">{t('check.resend')}</button>
            </form>
          </li>
        )}
        <li><Rich text={t('check.wrong')} parts={{ again }} /></li>
      </ul>
      <p><a href={link(`/c/${campaign.slug}`)}>{t('campaign.back')}</a></p>
    </Notice>
  );
}
