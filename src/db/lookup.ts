import type { SignatureStatus } from './signatures';
import { runBatch } from './statements';

/** What a lookup may tell an organiser: status and dates, never a name, message or IP. */
export type LookupResult = {
  status: SignatureStatus;
  signedAt: number;
  confirmedAt: number | null;
  /** When an unconfirmed signature's link stops working. */
  linkExpiresAt: number;
};

/** How many lookups one organiser may make in a campaign per hour. */
export const LOOKUPS_PER_HOUR = 30;
const HOUR_MS = 3_600_000;

/**
 * Looks up one canonical inbox in a campaign (the UNIQUE (campaign_id, inbox) index) and
 * records the lookup in the audit log in the same batch: who, when, and whether it was
 * found, never the address. The entry is written only while the organiser is under
 * LOOKUPS_PER_HOUR in the last hour, counted in the same statement; over it, nothing is
 * recorded and nothing answered (`limited`).
 */
export async function lookupSignature(db: D1Database, campaignId: number, inbox: string, actor: string, now: number): Promise<{ limited: true } | { limited: false; found: LookupResult | null }> {
  const [logged, read] = await runBatch(db, [
    {
      sql: `INSERT INTO audit_log (campaign_id, actor, action, detail, created_at)
            SELECT ?1, ?2, 'signature.lookup',
              json_object('found', json(iif(EXISTS (SELECT 1 FROM signatures WHERE campaign_id = ?1 AND inbox = ?3), 'true', 'false'))), ?4
            WHERE (SELECT count(*) FROM audit_log
                   WHERE campaign_id = ?1 AND actor = ?2 AND action = 'signature.lookup' AND created_at > ?4 - ?5) < ?6`,
      params: [campaignId, actor, inbox, now, HOUR_MS, LOOKUPS_PER_HOUR],
    },
    {
      sql: `SELECT status, created_at AS signedAt, confirmed_at AS confirmedAt, token_expires_at AS linkExpiresAt
            FROM signatures WHERE campaign_id = ?1 AND inbox = ?2`,
      params: [campaignId, inbox],
    },
  ]);
  if (!logged?.meta.changes) return { limited: true };
  return { limited: false, found: ((read?.results[0] ?? null) as LookupResult | null) };
}
