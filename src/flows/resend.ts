import type { Campaign } from '../db/campaigns';
import { resendStatements } from '../db/link-mail';
import { runBatch } from '../db/statements';
import { canonicalInbox } from '../lib/inbox';
import { CONFIRM_TTL_MS } from './signing';

/**
 * Sends the link of `email`'s signature again (the "check your inbox" page's button), in
 * the language it was signed in, within the per-inbox cap, in one batch. It resolves the
 * same way whether the address signed, never did, or had its share of mail this hour, so
 * the page can answer alike: only the owner of the address learns anything, by email.
 */
export async function resendConfirmation(db: D1Database, campaign: Campaign, email: string): Promise<void> {
  const now = Date.now();
  await runBatch(db, resendStatements(campaign.id, canonicalInbox(email), now, now + CONFIRM_TTL_MS));
}
