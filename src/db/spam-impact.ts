import { signatureRangeSql } from './outbox';

/** What marking these signatures as spam would do: how many it takes, uncounts, and mails it drops. */
export type SpamImpact = { signatures: number; counted: number; mails: number };

/**
 * Reads, before asking the organiser, what "mark as spam" would change for these signatures
 * of a campaign (at most a page of them): those not yet spam, the confirmed among them, and
 * their mail not yet sent. One statement; the mail is found by its keys' range per signature.
 */
export async function spamImpact(db: D1Database, campaignId: number, ids: readonly number[]): Promise<SpamImpact> {
  const row = await db
    .prepare(
      `SELECT count(*) AS signatures, coalesce(sum(s.status = 'confirmed'), 0) AS counted,
         coalesce(sum((SELECT count(*) FROM outbox WHERE ${signatureRangeSql('s.campaign_id', 's.id')} AND status <> 'sent')), 0) AS mails
       FROM signatures s
       WHERE s.campaign_id = ?1 AND s.id IN (SELECT value FROM json_each(?2)) AND s.status IN ('pending', 'confirmed')`,
    )
    .bind(campaignId, JSON.stringify([...new Set(ids)]))
    .first<SpamImpact>();
  return row ?? { signatures: 0, counted: 0, mails: 0 };
}
