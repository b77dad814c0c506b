import type { Campaign } from '../db/campaigns';
import { throttleKey } from '../db/mail-slots';
import type { NewMail } from '../db/outbox';
import type { Signature } from '../db/signatures';
import { localizeCampaign } from '../db/localize';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { newReceiptId } from '../lib/crypto';
import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { fill, renderHtml } from './templates';

const LINE_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Subject, text and HTML of one forward in `locale`: the campaign's template in that language
 * (field by field, see localizeCampaign) and our footer too; the supporter's own words
 * (name, city, message) stay exactly as written.
 */
async function forwardContent(campaign: Campaign, sig: Signature, locale: string) {
  const lang = parseLang(locale) ?? 'en';
  const local = localizeCampaign(campaign, lang);
  const t = translator(lang);
  const vars = {
    name: sig.name,
    city: sig.city,
    country: countryName(sig.country, lang),
    message: sig.message ?? '',
    campaign: local.title,
  };
  // A message may hold line breaks; in a subject they would be header injection.
  const filled = fill(local.settings.subject, vars).replace(LINE_BREAKS, ' ').trim().slice(0, 200);
  // Resend refuses an empty subject; a template of only {message} can give one.
  const subject = filled || t('mail.forward.subject', { title: local.title }).slice(0, 200);
  const text = fill(local.settings.body, vars);
  const html = await renderHtml(text, undefined, t('mail.forward.footer', { title: local.title }), lang);
  return { subject, text, html };
}

/**
 * The emails a confirmed signature sends in the supporter's name: one to the campaign's
 * address (copies in Cc) when the campaign forwards each message, and one to the chosen
 * target unless the campaign forwards nothing (`digest` sends the campaign's copy once a
 * day, from the cron; the target still gets each protest). The campaign's copy is in the
 * campaign's language, the target's in the target's (`locale` in the campaign file, e.g.
 * Russian for an embassy in Moscow) or else the campaign's. From the campaign's sender
 * name (the address is MAIL_FROM, added when sent); Reply-To the supporter only if they
 * allowed it. Keys are per signature and recipient, so a repeated confirmation can never
 * enqueue a second copy. Each carries a fresh receipt id for the delivery ledger.
 */
export async function forwardMails(campaign: Campaign, sig: Signature): Promise<NewMail[]> {
  if (campaign.forwardMode === 'none' || !sig.email) return [];
  const common = {
    kind: 'forward' as const,
    campaignId: campaign.id,
    fromName: campaign.senderName,
    replyTo: sig.replyToOk ? sig.email : null,
  };
  const mails: NewMail[] = [];
  if (campaign.forwardMode === 'each') {
    mails.push({
      ...common,
      ...(await forwardContent(campaign, sig, campaign.locale)),
      idempotencyKey: `fwd-${sig.id}-campaign`,
      to: [campaign.mailTo],
      cc: campaign.mailCc,
      throttle: { key: throttleKey(campaign.mailTo), perHour: campaign.settings.campaignPerHour },
      receipt: { id: newReceiptId(), target: CAMPAIGN_TARGET },
    });
  }
  if (sig.target) {
    mails.push({
      ...common,
      ...(await forwardContent(campaign, sig, sig.target.locale ?? campaign.locale)),
      idempotencyKey: `fwd-${sig.id}-target`,
      to: [sig.target.email],
      throttle: { key: throttleKey(sig.target.email), perHour: campaign.settings.targetPerHour },
      receipt: { id: newReceiptId(), target: sig.target.key },
    });
  }
  return mails;
}
