import type { Campaign } from '../db/campaigns';
import { findLiveSignature, resendStatements } from '../db/resend';
import { runBatch } from '../db/statements';
import { alreadySignedMail, confirmationMail } from '../email/templates';
import { localizeCampaign } from '../db/localize';
import { isLocale, translator } from '../i18n/index';
import { hashToken, newToken } from '../lib/crypto';
import { linkMailsExhausted } from './limits';
import { CONFIRM_TTL_MS } from './signing';

/**
 * Sends the link of `email`'s signature again (the "check your inbox" page's button), in
 * the language it was signed in, within the per-inbox cap. It resolves the same way
 * whether the address signed, never did, or had its share of mail this hour, so the page
 * can answer alike: only the owner of the address learns anything, by email.
 */
export async function resendConfirmation(db: D1Database, campaign: Campaign, email: string, ctx: { baseUrl: string }): Promise<void> {
  const now = Date.now();
  if (await linkMailsExhausted(db, email, now)) return;
  const sig = await findLiveSignature(db, campaign.id, email);
  if (!sig) return;
  const locale = isLocale(sig.locale) ? sig.locale : 'en';
  const t = translator(locale);
  const { title } = localizeCampaign(campaign, locale);
  const token = newToken();
  const tokenHash = await hashToken(token);
  const url = `${ctx.baseUrl}/s/${token}`;
  const common = { campaignId: campaign.id, fromName: campaign.senderName, to: [email] };
  const [confirm, already] = await Promise.all([
    confirmationMail(title, sig.name, url, t, locale),
    alreadySignedMail(title, sig.name, url, t, locale),
  ]);
  await runBatch(
    db,
    resendStatements(
      { campaignId: campaign.id, email, tokenHash, tokenExpiresAt: now + CONFIRM_TTL_MS },
      now,
      { ...common, ...confirm, kind: 'confirm', idempotencyKey: `confirm-${tokenHash.slice(0, 32)}` },
      { ...common, ...already, kind: 'already-signed', idempotencyKey: `already-${tokenHash.slice(0, 32)}` },
    ),
  );
}
