import { cachedCampaign } from '../db/campaign-cache';
import type { Campaign } from '../db/campaigns';
import type { OutboxRow } from '../db/outbox';
import { picketsNear } from '../db/next-pickets';
import type { Picket } from '../db/pickets';
import { listReceiptForwards, type ReceiptForward } from '../db/receipts';
import { picketFor } from '../lib/next-picket';
import { signaturesByIds } from '../db/signature-reads';
import type { Signature } from '../db/signatures';
import type { Update } from '../db/updates';
import { localizeCampaign, localizePicket } from '../db/localize';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { linkToken } from '../lib/link-token';
import { replyAddress } from '../lib/reply-address';
import { forwardContent } from './forward';
import { isPicketMail, renderPicketRows } from './picket-mail';
import type { LinkConfig } from './index';
import { receiptMail } from './receipt-mail';
import { reminderMail } from './reminder-mail';
import { updateContent, updatesOf } from './update-mail';
import { alreadySignedMail, confirmationMail, type MailContent } from './templates';

/** What rendering a batch needs besides each row: the signatures and the forwards receipts list. */
type Context = { links: LinkConfig; forwards: Map<number, ReceiptForward[]>; updates: Map<number, Update>; pickets: Picket[] };

/** The language of a forward: the target's for the target's copy, else the campaign's. */
function forwardLocale(key: string, campaign: Campaign, sig: Signature): string {
  return key.endsWith(':target') ? (sig.target?.locale ?? campaign.locale) : campaign.locale;
}

/** One row's content, or why it cannot be sent. */
async function renderOne(db: D1Database, row: OutboxRow, sig: Signature | undefined, ctx: Context): Promise<MailContent | string> {
  if (row.subject !== null) {
    const stored = { subject: row.subject, text: row.text_body ?? '', html: row.html_body ?? '' };
    // A follow-up letter to a target (`c<campaign>:f<target>:<day>`) carries that target's reply address too.
    const followUp = row.kind === 'forward' ? /^c\d+:f(\d+):/.exec(row.idempotency_key) : null;
    return followUp?.[1] ? { ...stored, replyTo: [await replyAddress(ctx.links.secret, ctx.links.replyDomain, Number(followUp[1]))] } : stored;
  }
  if (!sig || sig.email === null) return 'the signature this mail is about was erased';
  const cached = await cachedCampaign(db, sig.campaignSlug);
  if (!cached) return 'the campaign of this mail is gone';
  const { campaign } = cached;
  if (row.kind === 'update') {
    const content = await updateContent(row.idempotency_key, sig, campaign, ctx.updates, ctx.links);
    return typeof content === 'string' ? content : { ...content, fromName: localizeCampaign(campaign, parseLang(sig.locale) ?? 'en').senderName };
  }
  if (row.kind === 'forward') {
    const content = await forwardContent(campaign, sig, forwardLocale(row.idempotency_key, campaign, sig));
    // A target's copy carries the campaign's reply address for that target, so its answer reaches the campaign.
    const targetId = row.idempotency_key.endsWith(':target') ? sig.targetId : null;
    return targetId === null ? content : { ...content, replyTo: [await replyAddress(ctx.links.secret, ctx.links.replyDomain, targetId)] };
  }
  const lang = parseLang(sig.locale) ?? 'en';
  const url = `${ctx.links.baseUrl}/s/${await linkToken(ctx.links.secret, sig.id, sig.tokenNonce)}`;
  const local = localizeCampaign(campaign, lang);
  if (row.kind === 'receipt') {
    // The exact texts, rendered as the forwards are (the same function, the same language).
    const lines = await Promise.all(
      (ctx.forwards.get(sig.id) ?? []).map(async (f) => {
        const locale = forwardLocale(f.key, campaign, sig);
        return { ...f, text: (await forwardContent(campaign, sig, locale)).text, lang: parseLang(locale) ?? 'en' };
      }),
    );
    // The picket near the supporter, as their thank-you page shows it (next-step.tsx).
    const nearest = picketFor(ctx.pickets, sig);
    const picket = nearest && localizePicket(nearest, campaign, lang);
    const near = picket && { picket, targets: cached.targets, url: `${ctx.links.baseUrl}/c/${campaign.slug}/pickets/${picket.key}${lang === 'en' ? '' : `?lang=${lang}`}#rsvp` };
    return { ...(await receiptMail(local, sig, lines, url, translator(lang), lang, near)), fromName: local.senderName };
  }
  if (row.kind === 'already-signed') return { ...(await alreadySignedMail(local.title, sig.name, url, translator(lang), lang)), fromName: local.senderName };
  // Asking to confirm: the mail also says how to stop it all ("this wasn't me").
  if (row.kind === 'reminder' && sig.status !== 'pending') return 'the signature was confirmed, withdrawn or marked spam before its reminder went';
  const make = row.kind === 'reminder' ? reminderMail : confirmationMail;
  return { ...(await make(local.title, sig.name, url, translator(lang), lang, `${url}/not-me`)), fromName: local.senderName };
}

/**
 * The content of each claimed row, by key: stored rows as they are; mail in a
 * supporter's name rendered now from the signature (one query for the whole batch, and
 * one for the forwards its receipts list), so only mail that goes out is ever built.
 */
export async function renderRows(db: D1Database, rows: OutboxRow[], links: LinkConfig): Promise<Map<string, MailContent | string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.subject === null && r.signature_id !== null ? [r.signature_id] : [])))];
  const sigs = await signaturesByIds(db, ids);
  const receipts = rows.flatMap((r) => (r.kind === 'receipt' && r.signature_id !== null && r.campaign_id !== null ? [{ campaignId: r.campaign_id, id: r.signature_id }] : []));
  // The pickets near the receipts' supporters: one read for the batch.
  const near = receipts.flatMap((r) => {
    const sig = sigs.get(r.id);
    return sig ? [{ campaignId: r.campaignId, country: sig.country }] : [];
  });
  const ctx: Context = { links, forwards: await listReceiptForwards(db, receipts), updates: await updatesOf(db, rows), pickets: (await picketsNear(db, near, Date.now())).pickets };
  // Picket mail (issue 18) is rendered from its attendee, named by its key.
  const out = await renderPicketRows(db, rows.filter((r) => isPicketMail(r.kind)), links);
  for (const row of rows.filter((r) => !isPicketMail(r.kind))) out.set(row.idempotency_key, await renderOne(db, row, row.signature_id === null ? undefined : sigs.get(row.signature_id), ctx));
  return out;
}
