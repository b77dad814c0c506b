import type { CachedCampaign } from '../db/campaign-cache';
import type { Campaign } from '../db/campaigns';
import { getSignature } from '../db/signature-reads';
import type { ConfirmChoices } from '../db/confirm-choices';
import { confirmStatements, linkState, type LinkState, type Signature, signStatements, withdrawStatements } from '../db/signatures';
import { runBatch } from '../db/statements';
import { AppError } from '../errors';
import type { Locale } from '../i18n/index';
import { canonicalInbox } from '../lib/inbox';
import { linkHash, newNonce, readLinkToken } from '../lib/link-token';
import { suppressionHash } from '../lib/suppression';
import { type ConfirmInput, type SignatureInput, UPDATES_CONSENT_VERSION } from '../schemas/signature';
import { assertAllowedEmail } from './limits';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 7 * 24 * 3600 * 1000;

/** Refuses anything but an open campaign, with a message a supporter understands. */
export function assertOpen(campaign: Campaign | null): asserts campaign is Campaign {
  if (!campaign) throw new AppError('not_found', 'error.noCampaign');
  if (campaign.status !== 'open') throw new AppError('campaign_closed', 'error.closed', [], undefined, { title: campaign.title });
}

const badTarget = () => new AppError('validation_failed', 'error.check', [{ field: 'target', key: 'error.target.choose' }]);

/**
 * Records a signature (with the language it was made in) and its link email in one D1
 * batch: one round trip, whatever the address's history. Its boxes (public, reply-to,
 * updates) are not stored: the owner of the inbox ticks them on the confirmation page. The answer depends on the input
 * alone: whether the address had signed, is over its mail cap, was marked spam or said
 * "this wasn't me" changes only what is stored and mailed (decided in SQL), never the answer.
 */
export async function sign(
  db: D1Database,
  { campaign, targets }: CachedCampaign,
  input: SignatureInput,
  ctx: { secret: string; ipHash: string | null; locale: Locale },
): Promise<void> {
  if (input.website !== '') return; // honeypot: look successful, store nothing
  assertAllowedEmail(campaign.settings.abuse, input.email);
  if (input.target && !targets.some((t) => t.id === input.target)) throw badTarget();
  const now = Date.now();
  const nonce = newNonce();
  const inbox = canonicalInbox(input.email);
  const results = await runBatch(
    db,
    signStatements(
      {
        campaignId: campaign.id,
        email: input.email,
        inbox,
        name: input.name,
        country: input.country,
        city: input.city,
        message: input.message || null,
        targetKey: input.target,
        consentVersion: campaign.settings.privacy.consentVersion,
        locale: ctx.locale,
        tokenNonce: nonce,
        tokenHash: await linkHash(ctx.secret, nonce),
        tokenExpiresAt: now + CONFIRM_TTL_MS,
        ipHash: ctx.ipHash,
        suppressionHash: await suppressionHash(ctx.secret, inbox),
        source: input.source,
      },
      now,
    ),
  );
  // Only if this isolate's copy of the campaign was out of date (closed or edited seconds ago).
  const checks = results.at(-1)?.results[0] as { campaign_status: string | null; target_ok: number } | undefined;
  if (checks?.campaign_status !== 'open') throw new AppError('campaign_closed', 'error.closed', [], undefined, { title: campaign.title });
  if (!checks.target_ok) throw badTarget();
}

const badLink = () => new AppError('not_found', 'error.badLink');

/** The signature behind a link token, or a clear error for a malformed or unknown one. */
export async function findByToken(db: D1Database, token: string): Promise<Signature> {
  const link = await readLinkToken(token);
  const sig = link && (await getSignature(db, link.id, link.hash));
  if (!sig) throw badLink();
  return sig;
}

/** Whether a pending signature's link ran out. */
export function isExpired(sig: { status: string; tokenExpiresAt: number }, now = Date.now()): boolean {
  return sig.status === 'pending' && sig.tokenExpiresAt <= now;
}

/** Runs a link's batch; the link must be one of ours. */
async function linkBatch(db: D1Database, token: string, statements: (id: number, hash: string, now: number) => ReturnType<typeof withdrawStatements>, now: number): Promise<LinkState> {
  const link = await readLinkToken(token);
  if (!link) throw badLink();
  const state = linkState(await runBatch(db, statements(link.id, link.hash, now)));
  if (!state) throw badLink();
  return state;
}

/** The confirmation form's answers as the database stores them. */
export function confirmChoices(input: ConfirmInput): ConfirmChoices {
  return {
    name: input.name, country: input.country, city: input.city, message: input.message || null, targetKey: input.target,
    public: input.public, replyToOk: input.reply, updatesConsent: input.updates ? UPDATES_CONSENT_VERSION : null,
  };
}

/**
 * Confirms a signature (counted, messages enqueued) in one batch, once; later calls change
 * nothing. What is stored is what the link's holder chose on its page (`choices`); without
 * them (only in-process callers) the row is confirmed as it stands, boxes as signing left them: off.
 */
export async function confirm(db: D1Database, token: string, choices: ConfirmInput | null = null): Promise<void> {
  const now = Date.now();
  const chosen = choices && confirmChoices(choices);
  const state = await linkBatch(db, token, (id, hash, at) => confirmStatements(id, hash, at, chosen), now);
  if (state.status !== 'pending') return;
  if (isExpired(state, now)) throw new AppError('bad_request', 'error.expired');
  if (state.campaignStatus !== 'open') throw new AppError('campaign_closed', 'error.closed', [], undefined, { title: state.title });
  if (!state.targetOk) throw badTarget();
}

/** Withdraws a signature in one batch: uncounted and its personal data erased. */
export async function withdraw(db: D1Database, token: string): Promise<void> {
  await linkBatch(db, token, withdrawStatements, Date.now());
}
