import type { Child } from 'hono/jsx';
import { countryName } from '../lib/countries';
import type { Campaign } from '../db/campaigns';
import type { Signature } from '../db/signatures';
import type { I18n } from '../i18n/lang';
import { Notice } from './layout';
import { Rich } from './rich';

/** The home page: open campaigns with their counts. */
export function HomePage({ campaigns, i18n }: { campaigns: (Campaign & { count: number })[]; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <section>
      <h1>{t('home.heading')}</h1>
      {campaigns.length === 0 && <p>{t('home.empty', { command: 'npm run campaign -- push campaigns/…json' })}</p>}
      <ul class="campaign-list">
        {campaigns.map((c) => (
          <li>
            <a href={link(`/c/${c.slug}`)}>{c.title}</a>
            <p>{c.summary}</p>
            <p class="count">{t('home.progress', { signatures: t('count.signatures', { count: c.count }), goal: c.goal })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** After signing: the confirmation email is on its way. */
export function CheckInboxPage({ campaign, i18n }: { campaign: Campaign; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('check.title')}>
      <p>{t('check.sent', { title: campaign.title })}</p>
      <p>{t('check.counts')}</p>
      <p><a href={link(`/c/${campaign.slug}`)}>{t('campaign.back')}</a></p>
    </Notice>
  );
}

/** The link from the email: a button, because mail scanners follow links but do not press buttons. */
export function ConfirmPage({ token, sig, i18n }: { token: string; sig: Signature; i18n: I18n }) {
  const { t, link } = i18n;
  // Signing again with a pending address replaces its details, so show the owner exactly
  // what they confirm before anything goes out in their name.
  return (
    <Notice heading={t('confirm.title')}>
      <p>{t('confirm.text')}</p>
      <p>{t('confirm.check')}</p>
      <dl class="signed-details">
        <dt>{t('form.name')}</dt>
        <dd>{sig.name}</dd>
        <dt>{t('form.city')}</dt>
        <dd>{sig.city}, {countryName(sig.country, i18n.locale)}</dd>
        {sig.target && (
          <>
            <dt>{t('form.target')}</dt>
            <dd>{sig.target.name}</dd>
          </>
        )}
        {sig.message && (
          <>
            <dt>{t('form.message')}</dt>
            <dd class="message">{sig.message}</dd>
          </>
        )}
      </dl>
      <form method="post" action={link(`/s/${token}/confirm`)}>
        <button type="submit">{t('confirm.button')}</button>
      </form>
    </Notice>
  );
}

/** After confirming: thanks, what was sent in the supporter's name (`receipt`), sharing (links in the supporter's language), and the way out. */
export function ThanksPage({ sig, token, campaign, baseUrl, receipt, i18n }: { sig: Signature; token: string; campaign: Campaign; baseUrl: string; receipt?: Child; i18n: I18n }) {
  const { t, link } = i18n;
  const url = `${baseUrl}${link(`/c/${campaign.slug}`)}`;
  const text = t('thanks.shareText', { title: campaign.title });
  return (
    <Notice heading={t('thanks.heading')}>
      <p>
        <Rich text={t(sig.message ? 'thanks.countedSent' : 'thanks.counted')} parts={{ campaign: <a href={link(`/c/${campaign.slug}`)}>“{campaign.title}”</a> }} />
      </p>
      {receipt}
      <h2>{t('thanks.share')}</h2>
      <p><input type="text" readonly value={url} aria-label={t('thanks.link')} class="share-link" /></p>
      <ul class="share">
        <li><a href={`mailto:?subject=${encodeURIComponent(campaign.title)}&body=${encodeURIComponent(`${text} ${url}`)}`}>{t('thanks.email')}</a></li>
        <li><a href={`https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}`} rel="noopener">WhatsApp</a></li>
        <li><a href={`https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`} rel="noopener">Telegram</a></li>
        <li><a href={`https://bsky.app/intent/compose?text=${encodeURIComponent(`${text} ${url}`)}`} rel="noopener">Bluesky</a></li>
      </ul>
      <h2>{t('thanks.changed')}</h2>
      <form method="post" action={link(`/s/${token}/withdraw`)}>
        <button type="submit" class="secondary">{t('thanks.withdraw')}</button>
      </form>
    </Notice>
  );
}

/** After withdrawal. */
export function WithdrawnPage({ slug, i18n }: { slug: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('withdrawn.heading')}>
      <p>{t('withdrawn.text')}</p>
      <p><a href={link(`/c/${slug}`)}>{t('campaign.back')}</a></p>
    </Notice>
  );
}

/** Any error, for people. */
export function ErrorPage({ heading, message, requestId, i18n }: { heading: string; message: string; requestId: string; i18n: I18n }) {
  return (
    <Notice heading={heading}>
      <p>{message}</p>
      <p><a href={i18n.link('/')}>{i18n.t('error.home')}</a></p>
      <p class="meta">{i18n.t('error.requestId', { id: requestId })}</p>
    </Notice>
  );
}

/** The privacy notice, generated from the campaign file (the campaign's title in the page's language). */
export function PrivacyPage({ campaign, i18n }: { campaign: Campaign; i18n: I18n }) {
  const { t, link } = i18n;
  const p = campaign.settings.privacy;
  return (
    <Notice heading={t('privacy.title', { title: campaign.title })}>
      <p>
        <Rich text={t('privacy.controller', { controller: p.controller })} parts={{ contact: <a href={`mailto:${p.contact}`}>{p.contact}</a> }} />
      </p>
      <p>{t('privacy.stored')}</p>
      <p>{t('privacy.sent')}</p>
      <p>{t('privacy.ip', { count: p.retentionDays })}</p>
      <p class="hint">{t('privacy.version', { version: p.consentVersion })}</p>
      <p><a href={link(`/c/${campaign.slug}`)}>{t('campaign.back')}</a></p>
    </Notice>
  );
}
