import type { Campaign } from '../db/campaigns';
import type { Signature } from '../db/signatures';
import type { I18n } from '../i18n/lang';
import type { Child } from 'hono/jsx';
import { Notice } from './layout';
import { Rich } from './rich';
import { ShareBox } from './share';
import { localImage } from './campaign-page';
import { DEFAULT_IMAGE } from './head-meta';
import { Progress } from './progress';

/** A campaign on the home page, in the page's language, with its count and the goal shown now. */
export type CampaignCard = Campaign & { count: number; nextGoal: number };

/** The home page: each open campaign as a card with its picture, count and progress bar. */
export function HomePage({ campaigns, i18n }: { campaigns: CampaignCard[]; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <section class="home">
      <h1>{t('home.heading')}</h1>
      {campaigns.length === 0 && <p>{t('home.empty', { command: 'npm run campaign -- push campaigns/…json' })}</p>}
      <ul class="campaign-cards">
        {campaigns.map((c) => (
          <li class="campaign-card">
            <img src={localImage(c) ?? DEFAULT_IMAGE.path} alt="" width="1200" height="630" loading="lazy" />
            <div class="card-body">
              <h2><a href={link(`/c/${c.slug}`)}>{c.title}</a></h2>
              {c.summary && <p>{c.summary}</p>}
              <Progress count={c.count} goal={c.nextGoal} slug={c.slug} updatedAt="" i18n={i18n} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * After confirming: thanks, then `next` (the count they joined and what to do next: see
 * next-step.tsx), sharing (links in the supporter's language), then `children` (room for what
 * was sent in the supporter's name), and a small link to withdraw, which leads to a page that
 * asks once more.
 */
export function ThanksPage({ sig, token, campaign, baseUrl, i18n, next, children }: { sig: Signature; token: string; campaign: Campaign; baseUrl: string; i18n: I18n; next?: Child; children?: Child }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('thanks.heading')}>
      <p class="lede">
        <Rich text={t(sig.message ? 'thanks.countedSent' : 'thanks.counted')} parts={{ campaign: <a href={link(`/c/${campaign.slug}`)}>“{campaign.title}”</a> }} />
      </p>
      {next}
      <ShareBox url={`${baseUrl}${link(`/c/${campaign.slug}`)}`} title={campaign.title} i18n={i18n} />
      {children}
      <p class="withdraw-link">
        {t('thanks.changed')} <a href={link(`/s/${token}/withdraw`)}>{t('thanks.withdrawLink')}</a>
      </p>
    </Notice>
  );
}

/** Withdrawal asks once more: what is erased, and the one button (a POST) that does it. */
export function WithdrawPage({ token, i18n }: { token: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('withdraw.title')}>
      <p>{t('withdraw.text')}</p>
      <p>{t('withdraw.delivered')}</p>
      <form method="post" action={link(`/s/${token}/withdraw`)} class="buttons">
        <button type="submit" class="danger">{t('thanks.withdraw')}</button>
        <a href={link(`/s/${token}`)} class="button secondary">{t('withdraw.keep')}</a>
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
export function ErrorPage({ heading, message, requestId, back, i18n }: { heading: string; message: string; requestId: string; back?: string; i18n: I18n }) {
  return (
    <Notice heading={heading}>
      <p>{message}</p>
      {back && <p><a href={i18n.link(back)} class="button">{i18n.t('error.backToForm')}</a></p>}
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
      <p>{t('form.recipients')}</p>
      <p>{t('privacy.ip', { count: p.retentionDays })}</p>
      <p>{t('privacy.more')}</p>
      <p class="hint">{t('privacy.version', { version: p.consentVersion })}</p>
      <p><a href={link(`/c/${campaign.slug}`)}>{t('campaign.back')}</a></p>
    </Notice>
  );
}
