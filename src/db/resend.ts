import { enqueueStatements, type NewMail } from './outbox';
import type { Statement } from './statements';

/** What a resent link email needs to know of a live (pending or confirmed) signature. */
export type LiveSignature = { status: 'pending' | 'confirmed'; name: string; locale: string };

/** The pending or confirmed signature of this address in this campaign; null for none (or withdrawn, spam). */
export async function findLiveSignature(db: D1Database, campaignId: number, email: string): Promise<LiveSignature | null> {
  const row = await db
    .prepare(
      `SELECT status, name, locale FROM signatures
       WHERE campaign_id = ?1 AND email = ?2 AND status IN ('pending', 'confirmed')`,
    )
    .bind(campaignId, email)
    .first<{ status: string; name: string; locale: string }>();
  if (!row || (row.status !== 'pending' && row.status !== 'confirmed')) return null;
  return { status: row.status, name: row.name, locale: row.locale };
}

/**
 * Statements that give a live signature a new link token (a pending one also a new week to
 * use it) and enqueue the mail that carries it, as one batch: the confirmation request
 * while pending, the already-signed note once confirmed, chosen by the row's status in the
 * same transaction, as signing does. The old link stops working.
 */
export function resendStatements(
  s: { campaignId: number; email: string; tokenHash: string; tokenExpiresAt: number },
  now: number,
  confirmMail: NewMail,
  alreadyMail: NewMail,
): Statement[] {
  return [
    {
      sql: `UPDATE signatures SET token_hash = ?3, token_expires_at = iif(status = 'pending', ?4, token_expires_at), updated_at = ?5
            WHERE campaign_id = ?1 AND email = ?2 AND status IN ('pending', 'confirmed')`,
      params: [s.campaignId, s.email, s.tokenHash, s.tokenExpiresAt, now],
    },
    ...enqueueStatements(confirmMail, now, { tokenHash: s.tokenHash, status: 'pending' }),
    ...enqueueStatements(alreadyMail, now, { tokenHash: s.tokenHash, status: 'confirmed' }),
  ];
}
