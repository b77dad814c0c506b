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
 * (forwards and digests: a range of outbox keys): what waits through the queue's own index,
 * what was sent or given up from the summaries (migration 0017), the errors from both, so
 * the rows read are the waiting mail and the addresses. All mail when `campaignId` is null
 * (the dev mailbox page: a scan, local only).
 */
/**
 * The waiting mail, through the queue's own two indexes (migration 0012: mail with a throttle
 * key in outbox_throttled, the rest in outbox_due), never the mail already sent.
 */
const WAITING_SQL = `SELECT * FROM outbox INDEXED BY outbox_due WHERE status = 'pending' AND throttle_key IS NULL
  UNION ALL SELECT * FROM outbox INDEXED BY outbox_throttled WHERE status = 'pending' AND throttle_key IS NOT NULL`;

export async function deliveryStats(db: D1Database, campaignId: number | null): Promise<DeliveryStats> {
  if (campaignId === null) return allMailStats(db);
  const range = campaignRangeSql('?1');
  const [waiting, history, retries, given] = await db.batch([
    db
      .prepare(
        `SELECT count(*) AS pending, sum(last_error IS NOT NULL) AS retrying, min(created_at) AS oldest, min(next_attempt_at) AS next
         FROM (${WAITING_SQL}) WHERE ${range}`,
      )
      .bind(campaignId),
    db.prepare(`SELECT sum(sent) AS sent, sum(dead) AS dead FROM delivery_tallies WHERE campaign_id = ?1`).bind(campaignId),
    db
      .prepare(
        `SELECT idempotency_key AS id, kind, status, attempts, last_error AS error, last_attempt_at AS at
         FROM (${WAITING_SQL}) WHERE ${range} AND last_error IS NOT NULL
         ORDER BY coalesce(last_attempt_at, created_at) DESC, idempotency_key DESC LIMIT 5`,
      )
      .bind(campaignId),
    // The summaries keep each address's last error and its message's key: those still dead.
    db
      .prepare(
        `SELECT o.idempotency_key AS id, o.kind, o.status, o.attempts, o.last_error AS error, o.last_attempt_at AS at
         FROM delivery_tallies t JOIN outbox o ON o.idempotency_key = t.error_key
         WHERE t.campaign_id = ?1 AND o.status = 'dead' AND o.last_error IS NOT NULL
         ORDER BY coalesce(o.last_attempt_at, o.created_at) DESC, o.idempotency_key DESC LIMIT 5`,
      )
      .bind(campaignId),
  ]);
  const w = v.parse(WaitRow, waiting?.results[0]);
  const h = v.parse(SumRow, history?.results[0]);
  const errors = v.parse(ErrorRows, [...(retries?.results ?? []), ...(given?.results ?? [])])
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0))
    .slice(0, 5);
  return toStats({ ...w, ...h }, errors);
}

/** The stats from their counts row (nulls where nothing was counted) and the errors. */
function toStats(row: v.InferOutput<typeof CountsRow>, lastErrors: DeliveryStats['lastErrors']): DeliveryStats {
  return {
    pending: row.pending ?? 0,
    retrying: row.retrying ?? 0,
    sent: row.sent ?? 0,
    dead: row.dead ?? 0,
    oldestPendingAt: row.oldest,
    nextAttemptAt: row.next,
    lastErrors,
  };
}

const WaitRow = v.object({ pending: v.nullable(v.number()), retrying: v.nullable(v.number()), oldest: v.nullable(v.number()), next: v.nullable(v.number()) });
const SumRow = v.object({ sent: v.nullable(v.number()), dead: v.nullable(v.number()) });

/** Every message's counts and latest errors, by a scan: the dev mailbox page (local only). */
async function allMailStats(db: D1Database): Promise<DeliveryStats> {
  const [counts, errors] = await db.batch([
    db
      .prepare(
        `SELECT
           sum(status = 'pending') AS pending,
           sum(status = 'pending' AND last_error IS NOT NULL) AS retrying,
           sum(status = 'sent') AS sent, sum(status = 'dead') AS dead,
           min(CASE WHEN status = 'pending' THEN created_at END) AS oldest,
           min(CASE WHEN status = 'pending' THEN next_attempt_at END) AS next
         FROM outbox`,
      ),
    db
      .prepare(
        `SELECT idempotency_key AS id, kind, status, attempts, last_error AS error, last_attempt_at AS at FROM outbox
         WHERE last_error IS NOT NULL ORDER BY coalesce(last_attempt_at, created_at) DESC, idempotency_key DESC LIMIT 5`,
      ),
  ]);
  return toStats(v.parse(CountsRow, counts?.results[0]), v.parse(ErrorRows, errors?.results ?? []));
}
