import * as v from 'valibot';
import { campaignRangeSql } from './outbox';

/** What the outbox holds, for the organiser-facing status. Times are epoch ms. */
export type DeliveryStats = {
  pending: number;
  /** Pending messages that failed at least once and wait for another try. */
  retrying: number;
  sent: number;
  dead: number;
  oldestPendingAt: number | null;
  nextAttemptAt: number | null;
  lastErrors: { id: string; kind: string; status: string; attempts: number; error: string; at: number | null }[];
};

const CountsRow = v.object({
  pending: v.nullable(v.number()),
  retrying: v.nullable(v.number()),
  sent: v.nullable(v.number()),
  dead: v.nullable(v.number()),
  oldest: v.nullable(v.number()),
  next: v.nullable(v.number()),
});
const ErrorRows = v.array(
  v.object({ id: v.string(), kind: v.string(), status: v.string(), attempts: v.number(), error: v.string(), at: v.nullable(v.number()) }),
);

/**
 * Counts by status, the oldest waiting message and the latest errors of a campaign's mail
 * (forwards and digests: a range of outbox keys); all mail when `campaignId` is null.
 */
export async function deliveryStats(db: D1Database, campaignId: number | null): Promise<DeliveryStats> {
  const scope = campaignId === null ? '?1 IS NULL' : campaignRangeSql('?1');
  const [counts, errors] = await db.batch([
    db
      .prepare(
        `SELECT
           sum(status = 'pending') AS pending,
           sum(status = 'pending' AND last_error IS NOT NULL) AS retrying,
           sum(status = 'sent') AS sent, sum(status = 'dead') AS dead,
           min(CASE WHEN status = 'pending' THEN created_at END) AS oldest,
           min(CASE WHEN status = 'pending' THEN next_attempt_at END) AS next
         FROM outbox WHERE ${scope}`,
      )
      .bind(campaignId),
    db
      .prepare(
        `SELECT idempotency_key AS id, kind, status, attempts, last_error AS error, last_attempt_at AS at FROM outbox
         WHERE last_error IS NOT NULL AND ${scope}
         ORDER BY coalesce(last_attempt_at, created_at) DESC, idempotency_key DESC LIMIT 5`,
      )
      .bind(campaignId),
  ]);
  const row = v.parse(CountsRow, counts?.results[0]);
  return {
    pending: row.pending ?? 0,
    retrying: row.retrying ?? 0,
    sent: row.sent ?? 0,
    dead: row.dead ?? 0,
    oldestPendingAt: row.oldest,
    nextAttemptAt: row.next,
    lastErrors: v.parse(ErrorRows, errors?.results ?? []),
  };
}
