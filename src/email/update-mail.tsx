import type { Campaign } from '../db/campaigns';
import { localizeCampaign } from '../db/localize';
import type { OutboxRow } from '../db/outbox';
import type { Signature } from '../db/signatures';
import { parseUpdateMailKey, type Update, type UpdateText, updatesByIds } from '../db/updates';
import { type Locale, translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { unsubscribeToken } from '../lib/unsubscribe-token';
import type { LinkConfig } from './index';
import { type MailContent, renderHtml } from './templates';

/** The update's text in `wanted` if it was translated into it, else in the campaign's own language. */
export function updateTextFor(update: Pick<Update, 'subject' | 'body' | 'translations'>, campaignLocale: string, wanted: string): { text: UpdateText; lang: Locale } {
  const lang = parseLang(wanted);
  const tr = lang ? update.translations[lang] : undefined;
  if (lang && tr) return { text: tr, lang };
  return { text: { subject: update.subject, body: update.body }, lang: parseLang(campaignLocale) ?? 'en' };
}

/**
 * RFC 8058 one-click unsubscribing: mail providers show their own button and POST
 * `List-Unsubscribe=One-Click` to the https link, with no cookies and no further step.
 */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * One supporter's copy of an update, in their language where the update was translated
 * into it (the footer in the same language as the text), ending with their own unsubscribe
 * link, which the headers carry too.
 */
export async function updateMail(update: Update, campaign: Campaign, supporterLocale: string, unsubscribeUrl: string): Promise<MailContent> {
  const { text, lang } = updateTextFor(update, campaign.locale, supporterLocale);
  const t = translator(lang);
  const footer = t('updates.mail.footer', { title: localizeCampaign(campaign, lang).title });
  return {
    subject: text.subject,
    text: `${text.body}\n\n-- \n${footer}\n${t('updates.mail.unsubscribe', { url: unsubscribeUrl })}`,
    html: await renderHtml(text.body, undefined, <>{footer} <a href={unsubscribeUrl}>{t('updates.mail.unsubscribeLink')}</a></>, lang),
    headers: unsubscribeHeaders(unsubscribeUrl),
  };
}

/** The organiser's test of a draft in one language: marked as a test, without a working unsubscribe link. */
export async function updateTestMail(text: UpdateText, campaign: Campaign, lang: Locale): Promise<MailContent> {
  const t = translator(lang);
  const note = t('updates.mail.testNote');
  const footer = t('updates.mail.footer', { title: localizeCampaign(campaign, lang).title });
  return {
    subject: t('updates.mail.testSubject', { subject: text.subject }).slice(0, 998),
    text: `${note}\n\n${text.body}\n\n-- \n${footer}`,
    html: await renderHtml(`${note}\n\n${text.body}`, undefined, footer, lang),
  };
}

/**
 * What the drainer sends for one update mail row, or why not: a supporter who unsubscribed,
 * withdrew or was marked spam after it was enqueued gets nothing.
 */
export async function updateContent(key: string, sig: Signature, campaign: Campaign, updates: Map<number, Update>, links: LinkConfig): Promise<MailContent | string> {
  if (!sig.updates || sig.status !== 'confirmed') return 'not sent: the supporter unsubscribed or withdrew before it went out';
  const ids = parseUpdateMailKey(key);
  const update = ids ? updates.get(ids.updateId) : undefined;
  if (!update) return 'the update of this mail is gone';
  const url = `${links.baseUrl}/u/${await unsubscribeToken(links.secret, sig.id, sig.tokenNonce)}`;
  return updateMail(update, campaign, sig.locale, url);
}

/** The updates a claimed batch of rows needs, by id (one query). */
export function updatesOf(db: D1Database, rows: OutboxRow[]): Promise<Map<number, Update>> {
  const ids = new Set(rows.flatMap((r) => (r.kind === 'update' ? [parseUpdateMailKey(r.idempotency_key)?.updateId ?? 0] : [])));
  ids.delete(0);
  return updatesByIds(db, [...ids]);
}
