import type { Campaign } from '../../db/campaigns';
import type { MailPause } from '../../db/mail-pauses';
import type { I18n } from '../../i18n/lang';
import { RESEND } from '../../lib/platform-limits';

/** How many emails one confirmed signature costs a campaign against the provider's quota, by part. */
export function emailsPerSignature(campaign: Pick<Campaign, 'forwardMode' | 'mailCc'>): { confirmation: 1; campaignCopy: number; target: number; receipt: 1; total: number } {
  // Every To and CC address counts: the campaign's copy goes to its address and each copy.
  const campaignCopy = campaign.forwardMode === 'each' ? 1 + campaign.mailCc.length : 0;
  const target = campaign.forwardMode === 'none' ? 0 : 1;
  return { confirmation: 1, campaignCopy, target, receipt: 1, total: 2 + campaignCopy + target };
}

function reasonOf(pause: MailPause, i18n: I18n): string {
  if (pause.code === 'daily_quota_exceeded') return i18n.t('mailStatus.reason.daily');
  if (pause.code === 'monthly_quota_exceeded') return i18n.t('mailStatus.reason.monthly');
  return i18n.t('mailStatus.reason.other', { code: pause.code });
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The dashboard's mail status: whether sending is paused by the provider's quota, why and
 * until when; what each signature costs in emails (what decides how far a free plan goes),
 * and the daily digest for the campaign's own copies one click away.
 */
export function MailStatus({ pause, campaign, i18n }: { pause: MailPause | null; campaign: Campaign; i18n: I18n }) {
  const cost = emailsPerSignature(campaign);
  const t = i18n.t;
  const copy = campaign.forwardMode === 'each' ? t('mailStatus.campaignCopy', { count: cost.campaignCopy })
    : campaign.forwardMode === 'digest' ? t('mailStatus.digestCopy', { count: 1 + campaign.mailCc.length }) : t('mailStatus.noCopy');
  return (
    <section class="mail-status" aria-labelledby="mail-status-heading">
      <h2 id="mail-status-heading">{t('mailStatus.heading')}</h2>
      {pause && <p class="notice error" data-paused-until={pause.until} role="status">{t('mailStatus.paused', { reason: reasonOf(pause, i18n), until: utc(pause.until) })}</p>}
      <p data-emails-per-signature={cost.total}>{t('mailStatus.cost', { count: cost.total })}</p>
      <ul>
        <li>{t('mailStatus.confirmation')}</li>
        <li>{copy}</li>
        {cost.target > 0 && <li>{t('mailStatus.target')}</li>}
        <li>{t('mailStatus.receipt')}</li>
      </ul>
      <p>{t('mailStatus.perDay', { perDay: RESEND.free.emailsPerDay, signatures: Math.floor(RESEND.free.emailsPerDay / cost.total) })}</p>
      {campaign.forwardMode === 'each' && (
        <p><a class="button secondary" href={i18n.link(`/admin/campaigns/${campaign.slug}/edit#f-mail-forward`)}>{t('mailStatus.digestLink')}</a></p>
      )}
    </section>
  );
}
