import type { Campaign } from '../db/campaigns';
import type { NewMail } from '../db/outbox';
import type { Signature } from '../db/signatures';
import type { Translate } from '../i18n/index';
import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { type MailContent, renderHtml } from './templates';

/** Whom a forward went to, in the supporter's words: the campaign's address, or the target by name. */
function recipientLine(mail: NewMail, sig: Signature, t: Translate): string {
  const isCampaign = mail.receipt?.target === CAMPAIGN_TARGET;
  const who = isCampaign ? t('receipt.toCampaign', { address: mail.to[0] ?? '' }) : (sig.target?.name ?? mail.to[0] ?? '');
  return mail.receipt ? `— ${who} (${t('receipt.idLine', { id: mail.receipt.id })})` : `— ${who}`;
}

/**
 * The receipt a supporter gets after confirming, in their language (issue 14): what was
 * sent in their name — the message as written, to the campaign's address and to the
 * target they chose by name, each with its receipt id and the exact text, so that a
 * receipt can be checked against the public ledger later — and the link to their page
 * (statuses, withdrawal).
 */
export async function receiptMail(campaign: Campaign, sig: Signature, forwards: NewMail[], url: string, t: Translate, lang: string): Promise<MailContent> {
  const lines = forwards.map((m) => recipientLine(m, sig, t));
  if (campaign.forwardMode === 'digest') lines.unshift(`— ${t('receipt.toCampaignDigest', { address: campaign.mailTo })}`);
  const body = [
    t('mail.hello', { name: sig.name }),
    t('mail.receipt.confirmed', { title: campaign.title }),
    `${t('mail.receipt.sentTo')}\n${lines.join('\n')}`,
    `${t('receipt.message')}\n${sig.message || t('receipt.noMessage')}`,
    ...forwards.map((m) => `${t('mail.receipt.exact', { who: recipientLine(m, sig, t).slice(2) })}\n\n${m.text}`),
  ].join('\n\n');
  const footer = t('mail.receipt.keep');
  return {
    subject: t('mail.receipt.subject', { title: campaign.title }).slice(0, 200),
    text: `${body}\n\n${t('mail.receipt.link', { url })}\n\n${footer}`,
    html: await renderHtml(body, { label: t('mail.receipt.button'), url }, footer, lang),
  };
}
