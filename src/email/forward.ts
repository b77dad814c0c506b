import type { Campaign } from '../db/campaigns';
import type { NewMail } from '../db/outbox';
import type { Signature } from '../db/signatures';
import { countryName } from '../lib/countries';
import { fill, renderHtml } from './templates';

const LINE_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * The emails a confirmed signature sends in the supporter's name: one to the campaign's
 * address (copies in Cc) when the campaign forwards each message, and one to the chosen
 * target unless the campaign forwards nothing (`digest` sends the campaign's copy once a
 * day, from the cron; the target still gets each protest). From the campaign's sender
 * name (the address is MAIL_FROM, added when sent); Reply-To the supporter only if they
 * allowed it. Keys are per signature and recipient, so a repeated confirmation can never
 * enqueue a second copy.
 */
export async function forwardMails(campaign: Campaign, sig: Signature): Promise<NewMail[]> {
  if (campaign.forwardMode === 'none' || !sig.email) return [];
  const vars = {
    name: sig.name,
    city: sig.city,
    country: countryName(sig.country, campaign.locale),
    message: sig.message ?? '',
    campaign: campaign.title,
  };
  // A message may hold line breaks; in a subject they would be header injection.
  const filled = fill(campaign.settings.subject, vars).replace(LINE_BREAKS, ' ').trim().slice(0, 200);
  // Resend refuses an empty subject; a template of only {message} can give one.
  const subject = filled || `Solidarity message: ${campaign.title}`.slice(0, 200);
  const text = fill(campaign.settings.body, vars);
  const html = await renderHtml(text, undefined, `Sent through the “${campaign.title}” campaign on behalf of a supporter who confirmed their email address.`);
  const common = {
    kind: 'forward' as const,
    campaignId: campaign.id,
    fromName: campaign.senderName,
    replyTo: sig.replyToOk ? sig.email : null,
    subject,
    text,
    html,
  };
  const mails: NewMail[] = [];
  if (campaign.forwardMode === 'each') {
    mails.push({
      ...common,
      idempotencyKey: `fwd-${sig.id}-campaign`,
      to: [campaign.mailTo],
      cc: campaign.mailCc,
      throttle: { key: `to:${campaign.mailTo}`, perHour: campaign.settings.campaignPerHour },
    });
  }
  if (sig.target) {
    mails.push({
      ...common,
      idempotencyKey: `fwd-${sig.id}-target`,
      to: [sig.target.email],
      throttle: { key: `to:${sig.target.email}`, perHour: campaign.settings.targetPerHour },
    });
  }
  return mails;
}
