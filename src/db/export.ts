import type { ExportRecord } from '../lib/export-columns';
import { statusCounts, type TallyRow } from './dashboard';
import type { SignatureStatus } from './signatures';
import { freshTallies } from './tallies';

/** One exported signature: the columns of every format, in order (lib/export-columns.ts). */
export type ExportRow = ExportRecord & { status: SignatureStatus };

export type ExportFilter = { status: SignatureStatus | null; since: number | null };

/**
 * One keyset page of a campaign's signatures: those with an id above `afterId`, in id
 * order. Each page is a range read of the table itself from `afterId` (the unary `+`
 * keeps SQLite from sorting the campaign's whole index instead), however deep into the
 * export it is; no index is kept for it, so signing writes none.
 */
export async function exportPage(db: D1Database, campaignId: number, afterId: number, filter: ExportFilter, limit: number): Promise<ExportRow[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.status, s.created_at AS signedAt, s.confirmed_at AS confirmedAt, s.name, s.email, s.country,
              s.city, t.name AS target, s.message, s.public, s.consent_version AS consent,
              s.updates_consent AS updates, s.unsubscribed_at AS unsubscribedAt, s.source
       FROM signatures s LEFT JOIN targets t ON t.id = s.target_id
       WHERE +s.campaign_id = ?1 AND s.id > ?2
         AND (?3 IS NULL OR s.status = ?3) AND (?4 IS NULL OR s.created_at >= ?4)
       ORDER BY s.id LIMIT ?5`,
    )
    .bind(campaignId, afterId, filter.status, filter.since, limit)
    .all<ExportRow>();
  return results;
}

/**
 * How many signatures an export of `status` (null: all) holds, from the summaries (brought up
 * to date by a bounded step first): one row read per status, whatever the campaign's size.
 */
export async function exportTotal(db: D1Database, campaignId: number, status: SignatureStatus | null, now: number): Promise<number> {
  await freshTallies(db, campaignId, now);
  const { results } = await db
    .prepare(`SELECT key, signed, confirmed FROM signature_tallies WHERE campaign_id = ?1 AND dim = 'status'`)
    .bind(campaignId)
    .all<TallyRow>();
  const counts = statusCounts(results);
  return status ? counts[status] : counts.pending + counts.confirmed + counts.withdrawn + counts.spam;
}
