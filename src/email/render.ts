import { cachedCampaign } from '../db/campaign-cache';
import type { OutboxRow } from '../db/outbox';
import { signaturesByIds } from '../db/signature-reads';
import type { Signature } from '../db/signatures';
import { localizeCampaign } from '../db/localize';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { linkToken } from '../lib/link-token';
import { forwardContent } from './forward';
import type { LinkConfig } from './index';
import { alreadySignedMail, confirmationMail, type MailContent } from './templates';

/** One row's content, or why it cannot be sent. */
async function renderOne(db: D1Database, row: OutboxRow, sig: Signature | undefined, links: LinkConfig): Promise<MailContent | string> {
  if (row.subject !== null) return { subject: row.subject, text: row.text_body ?? '', html: row.html_body ?? '' };
  if (!sig || sig.email === null) return 'the signature this mail is about was erased';
  const cached = await cachedCampaign(db, sig.campaignSlug);
  if (!cached) return 'the campaign of this mail is gone';
  const { campaign } = cached;
  if (row.kind === 'forward') {
    const locale = row.idempotency_key.endsWith(':target') ? (sig.target?.locale ?? campaign.locale) : campaign.locale;
    return forwardContent(campaign, sig, locale);
  }
  const lang = parseLang(sig.locale) ?? 'en';
  const url = `${links.baseUrl}/s/${await linkToken(links.secret, sig.id, sig.tokenNonce)}`;
  const { title } = localizeCampaign(campaign, lang);
  const make = row.kind === 'confirm' ? confirmationMail : alreadySignedMail;
  return make(title, sig.name, url, translator(lang), lang);
}

/**
 * The content of each claimed row, by key: stored rows as they are; mail in a
 * supporter's name rendered now from the signature (one query for the whole batch), so
 * only mail that goes out is ever built.
 */
export async function renderRows(db: D1Database, rows: OutboxRow[], links: LinkConfig): Promise<Map<string, MailContent | string>> {
  const ids = [...new Set(rows.filter((r) => r.subject === null && r.signature_id !== null).map((r) => r.signature_id as number))];
  const sigs = await signaturesByIds(db, ids);
  const out = new Map<string, MailContent | string>();
  for (const row of rows) out.set(row.idempotency_key, await renderOne(db, row, row.signature_id === null ? undefined : sigs.get(row.signature_id), links));
  return out;
}
