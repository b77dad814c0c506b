import { type Campaign, findTargetId, getCampaign } from '../db/campaigns';
import type { NewMail } from '../db/outbox';
import { confirmStatements, getSignatureByToken, signStatements, withdrawStatements, type Signature } from '../db/signatures';
import { runBatch } from '../db/statements';
import { forwardMails } from '../email/forward';
import { receiptMail } from '../email/receipt-mail';
import { alreadySignedMail, confirmationMail } from '../email/templates';
import { AppError } from '../errors';
import { localizeCampaign } from '../db/localize';
import { type Locale, translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { hashToken, isTokenShaped, newToken } from '../lib/crypto';
import type { SignatureInput } from '../schemas/signature';
import { assertAllowedEmail, linkMailsExhausted } from './limits';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 7 * 24 * 3600 * 1000;

/** Refuses anything but an open campaign, with a message a supporter understands. */
export function assertOpen(campaign: Campaign | null): asserts campaign is Campaign {
  if (!campaign) throw new AppError('not_found', 'error.noCampaign');
  if (campaign.status !== 'open') throw new AppError('campaign_closed', 'error.closed', [], undefined, { title: campaign.title });
}

/**
 * Records a signature (with the language it was made in) and its confirmation email, in
 * that language, in one batch. The answer is the same whether or not the address had
 * signed before: only its owner learns that, by email.
 */
export async function sign(
  db: D1Database,
  campaign: Campaign,
  input: SignatureInput,
  ctx: { baseUrl: string; ipHash: string | null; locale: Locale },
): Promise<void> {
  if (input.website !== '') return; // honeypot: look successful, store nothing
  assertAllowedEmail(campaign.settings.abuse, input.email);
  const now = Date.now();
  if (await linkMailsExhausted(db, input.email, now)) return;
  const targetId = input.target ? await findTargetId(db, campaign.id, input.target) : null;
  if (input.target && targetId === null) {
    throw new AppError('validation_failed', 'error.check', [{ field: 'target', key: 'error.target.choose' }]);
  }
  const token = newToken();
  const tokenHash = await hashToken(token);
  const url = `${ctx.baseUrl}/s/${token}`;
  const common = { campaignId: campaign.id, fromName: campaign.senderName, to: [input.email] };
  const t = translator(ctx.locale);
  const { title } = localizeCampaign(campaign, ctx.locale);
  const [confirm, already] = await Promise.all([
    confirmationMail(title, input.name, url, t, ctx.locale),
    alreadySignedMail(title, input.name, url, t, ctx.locale),
  ]);
  const statements = signStatements(
    {
      campaignId: campaign.id,
      email: input.email,
      name: input.name,
      country: input.country,
      city: input.city,
      message: input.message || null,
      targetId,
      public: input.public,
      replyToOk: input.reply,
      consentVersion: campaign.settings.privacy.consentVersion,
      locale: ctx.locale,
      tokenHash,
      tokenExpiresAt: now + CONFIRM_TTL_MS,
      ipHash: ctx.ipHash,
    },
    now,
    { ...common, ...confirm, kind: 'confirm', idempotencyKey: `confirm-${tokenHash.slice(0, 32)}` },
    { ...common, ...already, kind: 'already-signed', idempotencyKey: `already-${tokenHash.slice(0, 32)}` },
  );
  await runBatch(db, statements);
}

/** The signature behind a link token, or a clear error for a malformed or unknown one. */
export async function findByToken(db: D1Database, token: string): Promise<{ sig: Signature; tokenHash: string }> {
  const notFound = new AppError('not_found', 'error.badLink');
  if (!isTokenShaped(token)) throw notFound;
  const tokenHash = await hashToken(token);
  const sig = await getSignatureByToken(db, tokenHash);
  if (!sig) throw notFound;
  return { sig, tokenHash };
}

/** Whether a pending signature's link ran out. */
export function isExpired(sig: Signature, now = Date.now()): boolean {
  return sig.status === 'pending' && sig.tokenExpiresAt <= now;
}

/**
 * The receipt for the supporter, in their language, when anything goes out in their name.
 * Kind 'confirm': it carries the /s/ link like a confirmation does, so it counts towards
 * the per-address cap, is erased on withdrawal and keeps no copy of its link once sent.
 */
async function receiptFor(campaign: Campaign, sig: Signature, forwards: NewMail[], url: string): Promise<NewMail[]> {
  if (!sig.email || (forwards.length === 0 && campaign.forwardMode !== 'digest')) return [];
  const lang = parseLang(sig.locale) ?? 'en';
  const shown = localizeCampaign(campaign, lang);
  const content = await receiptMail(shown, sig, forwards, url, translator(lang), lang);
  return [{ ...content, kind: 'confirm', campaignId: campaign.id, idempotencyKey: `receipt-${sig.id}`, fromName: campaign.senderName, to: [sig.email] }];
}

/** Confirms a signature (counted, messages and the receipt enqueued) once; later calls change nothing. */
export async function confirm(db: D1Database, token: string, baseUrl: string): Promise<void> {
  const { sig, tokenHash } = await findByToken(db, token);
  if (sig.status !== 'pending') return;
  if (isExpired(sig)) throw new AppError('bad_request', 'error.expired');
  const campaign = await getCampaign(db, sig.campaignSlug);
  assertOpen(campaign);
  const forwards = await forwardMails(campaign, sig);
  const receipt = await receiptFor(campaign, sig, forwards, `${baseUrl}/s/${token}`);
  await runBatch(db, confirmStatements(tokenHash, Date.now(), [...forwards, ...receipt]));
}

/** Withdraws a signature: uncounted and its personal data erased. */
export async function withdraw(db: D1Database, token: string): Promise<void> {
  const { tokenHash } = await findByToken(db, token);
  await runBatch(db, withdrawStatements(tokenHash, Date.now()));
}
