import type { Campaign, Target } from '../db/campaigns';
import type { Picket } from '../db/pickets';
import { picketOffset, picketWhen, picketWhere } from '../lib/picket-text';
import type { ReceiptForward } from '../db/receipts';
import type { Signature } from '../db/signatures';
import type { Translate } from '../i18n/index';
import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { targetName } from '../lib/target-name';
import { type MailContent, type MailText, renderHtml } from './templates';

/** A forward as the receipt shows it: its row, the exact text it carries and that text's language. */
export type ReceiptLine = ReceiptForward & { text: string; lang: string };

/** Whom a forward went to, in the supporter's words: the campaign's address, or the target by name. */
function recipient(f: ReceiptForward, sig: Signature, t: Translate, lang: string): string {
  if (f.receiptTarget === CAMPAIGN_TARGET) return t('receipt.toCampaign', { address: f.to });
  return sig.target ? targetName(sig.target, lang) : f.to;
}

function line(f: ReceiptForward, sig: Signature, t: Translate, lang: string): string {
  const who = recipient(f, sig, t, lang);
  return f.receiptId ? `${who} (${t('receipt.idLine', { id: f.receiptId })})` : who;
}

/** The picket near the supporter (lib/next-picket.ts), its campaign's targets and its RSVP link. */
export type NearPicket = { picket: Picket; targets: readonly Target[]; url: string };

/** "Next: the picket near you, <where>, <when> local time (<zone>). Say you'll be there: <url>" */
function picketLine({ picket, targets, url }: NearPicket, t: Translate, lang: string): string {
  return t('mail.receipt.picket', { where: picketWhere(picket, targets, lang), when: picketWhen(picket, t, lang), zone: picketOffset(picket), url });
}

/**
 * The receipt a supporter gets after confirming, in their language (issue 14): what is
 * sent in their name — the message as written, to the campaign's address and to the
 * target they chose by name, each with its receipt id and the exact text, so that a
 * receipt can be checked against the public ledger later — and the link to their page
 * (statuses, withdrawal). `campaign` is already in the supporter's language.
 */
export async function receiptMail(campaign: Campaign, sig: Signature, forwards: ReceiptLine[], url: string, t: Translate, lang: string, near?: NearPicket | null): Promise<MailContent> {
  const lines = forwards.map((f) => `— ${line(f, sig, t, lang)}`);
  if (campaign.forwardMode === 'digest') lines.unshift(`— ${t('receipt.toCampaignDigest', { address: campaign.mailTo })}`);
  const head = [
    t('mail.hello', { name: sig.name }),
    t('mail.receipt.confirmed', { title: campaign.title }),
    `${t('mail.receipt.sentTo')}\n${lines.join('\n')}`,
    `${t('receipt.message')}\n${sig.message || t('receipt.noMessage')}`,
    ...(near ? [picketLine(near, t, lang)] : []),
  ].join('\n\n');
  // Each text as it went, in its recipient's language: quoted, and marked so in HTML.
  const parts: MailText[] = [head, ...forwards.flatMap((f): MailText[] => [t('mail.receipt.exact', { who: line(f, sig, t, lang) }), { quote: f.text, lang: f.lang }])];
  const body = parts.map((p) => (typeof p === 'string' ? p : p.quote)).join('\n\n');
  const footer = t('mail.receipt.keep');
  return {
    subject: t('mail.receipt.subject', { title: campaign.title }).slice(0, 200),
    text: `${body}\n\n${t('mail.receipt.link', { url })}\n\n${footer}`,
    html: await renderHtml(parts, { label: t('mail.receipt.button'), url }, footer, lang),
  };
}
