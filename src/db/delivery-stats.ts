import * as v from 'valibot';
import { type AddressDelivery, addressDeliveries, addressHistoryStatement, WAITING_BY_KEY, WAITING_CAP, WaitRow } from './delivery-targets';
import { HELD_UNTIL } from './mail-slots';
import { campaignRangeSql } from './outbox';

/** What the outbox holds, for the organiser-facing status. Times are epoch ms. */
export type DeliveryStats = {
  /** Waiting, counted through the first WAITING_CAP of each queue: at least this many when `pendingMore`. */
  pending: number;
  pendingMore: boolean;
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
 * (forwards and digests: a range of outbox keys): what waits through the queue's own
 * indexes, at most WAITING_CAP of each address's queue and of the mail without one
 * (`pendingMore` when a queue goes on past it); what was sent, given up or is retrying from
 * the summaries (migrations 0017, 0035), the latest errors from the messages the summaries
 * name (one per address), so the rows read are the addresses and a bounded part of each
 * queue, whatever the campaign's size or the queue's length. All mail when `campaignId` is
 * null (the dev mailbox page: a scan, local only).
 */
export async function deliveryStats(db: D1Database, campaignId: number | null): Promise<DeliveryStats> {
  if (campaignId === null) return allMailStats(db);
  return (await deliveryOverview(db, campaignId)).stats;
}

/**
 * The campaign's mail status and its mail per address (db/delivery-targets.ts) in one batch,
 * the waiting mail walked once for both: what the dashboard and the deliveries API show.
 */
export async function deliveryOverview(db: D1Database, campaignId: number): Promise<{ stats: DeliveryStats; byAddress: AddressDelivery[] }> {
  const range = campaignRangeSql('?1');
  const [throttled, unthrottled, history, errors, perAddress] = await db.batch([
    db.prepare(WAITING_BY_KEY).bind(campaignId, HELD_UNTIL, WAITING_CAP),
    db
      .prepare(
        `SELECT count(*) AS n, sum(mine) AS pending, min(iif(mine, created_at, NULL)) AS oldest, min(iif(mine, next_attempt_at, NULL)) AS next FROM (
           SELECT created_at, next_attempt_at, (${range}) AS mine FROM outbox INDEXED BY outbox_due
           WHERE status = 'pending' AND throttle_key IS NULL ORDER BY next_attempt_at LIMIT ?2)`,
      )
      .bind(campaignId, WAITING_CAP),
    db.prepare(`SELECT sum(sent) AS sent, sum(dead) AS dead, sum(retrying) AS retrying FROM delivery_tallies WHERE campaign_id = ?1`).bind(campaignId),
    // The summaries keep each address's last error and its message's key: those still waiting or dead.
    db
      .prepare(
        `SELECT o.idempotency_key AS id, o.kind, o.status, o.attempts, o.last_error AS error, o.last_attempt_at AS at
         FROM delivery_tallies t JOIN outbox o ON o.idempotency_key = t.error_key
         WHERE t.campaign_id = ?1 AND o.status <> 'sent' AND o.last_error IS NOT NULL
         ORDER BY coalesce(o.last_attempt_at, o.created_at) DESC, o.idempotency_key DESC LIMIT 5`,
      )
      .bind(campaignId),
    addressHistoryStatement(db, campaignId),
  ]);
  const keys = v.parse(v.array(WaitRow), throttled?.results ?? []);
  const u = v.parse(FreeRow, unthrottled?.results[0]);
  const h = v.parse(SumRow, history?.results[0]);
  const min = (xs: (number | null | undefined)[]) => xs.reduce<number | null>((m, x) => (x === null || x === undefined ? m : m === null ? x : Math.min(m, x)), null);
  const stats = toStats(
    {
      pending: keys.reduce((t, k) => t + k.waiting + k.held, u.pending ?? 0),
      retrying: h.retrying,
      sent: h.sent,
      dead: h.dead,
      oldest: min([u.oldest, ...keys.map((k) => k.oldest)]),
      next: min([u.next, ...keys.map((k) => k.nextAt)]),
    },
    v.parse(ErrorRows, errors?.results ?? []),
    u.n >= WAITING_CAP || keys.some((k) => k.waitingMore === 1 || k.heldMore === 1),
  );
  return { stats, byAddress: addressDeliveries(keys, perAddress?.results ?? []) };
}

/** The stats from their counts row (nulls where nothing was counted) and the errors. */
function toStats(row: v.InferOutput<typeof CountsRow>, lastErrors: DeliveryStats['lastErrors'], pendingMore = false): DeliveryStats {
  return {
    pending: row.pending ?? 0,
    pendingMore,
    retrying: row.retrying ?? 0,
    sent: row.sent ?? 0,
    dead: row.dead ?? 0,
    oldestPendingAt: row.oldest,
    nextAttemptAt: row.next,
    lastErrors,
  };
}

const FreeRow = v.object({ n: v.number(), pending: v.nullable(v.number()), oldest: v.nullable(v.number()), next: v.nullable(v.number()) });
const SumRow = v.object({ sent: v.nullable(v.number()), dead: v.nullable(v.number()), retrying: v.nullable(v.number()) });

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
