import type { OutboxRow } from './outbox';

/**
 * Claims up to `limit` due messages under a lease: one UPDATE … RETURNING, so two
 * drainers never take the same row. A row whose lease ran out (its drainer died) is due
 * again. Each claim counts as an attempt.
 */
export async function claimDue(db: D1Database, leaseId: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const { results } = await db
    .prepare(
      `UPDATE outbox SET lease_id = ?1, lease_until = ?2 + ?3, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= ?2 AND (lease_until IS NULL OR lease_until <= ?2)
         ORDER BY next_attempt_at, id
         LIMIT ?4)
       RETURNING id, kind, idempotency_key, from_name, to_addrs, cc_addrs, reply_to, subject, text_body,
         html_body, attempts, batch_key, lease_id`,
    )
    .bind(leaseId, now, leaseMs, limit)
    .all<OutboxRow>();
  return results.sort((a, b) => a.id - b.id);
}

/** What became of one message; applied only while the drainer still holds its lease. */
export type Outcome =
  | { id: number; status: 'sent'; providerId: string | null }
  | { id: number; status: 'retry'; nextAttemptAt: number; error: string; keepBatch: boolean }
  | { id: number; status: 'dead'; error: string };

/** Records outcomes in one batch. Returns how many rows were still leased by `leaseId`. */
export async function recordOutcomes(db: D1Database, leaseId: string, now: number, outcomes: Outcome[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const statements = outcomes.map((o) => {
    switch (o.status) {
      case 'sent':
        return db
          .prepare(
            `UPDATE outbox SET status = 'sent', provider_id = ?3, sent_at = ?4, last_error = NULL,
               lease_id = NULL, lease_until = NULL
             WHERE id = ?1 AND lease_id = ?2`,
          )
          .bind(o.id, leaseId, o.providerId, now);
      case 'retry':
        return db
          .prepare(
            `UPDATE outbox SET next_attempt_at = ?3, last_error = ?4, lease_id = NULL, lease_until = NULL,
               batch_key = CASE WHEN ?5 THEN batch_key ELSE NULL END
             WHERE id = ?1 AND lease_id = ?2`,
          )
          .bind(o.id, leaseId, o.nextAttemptAt, o.error.slice(0, 1000), o.keepBatch ? 1 : 0);
      case 'dead':
        return db
          .prepare(
            `UPDATE outbox SET status = 'dead', last_error = ?3, lease_id = NULL, lease_until = NULL
             WHERE id = ?1 AND lease_id = ?2`,
          )
          .bind(o.id, leaseId, o.error.slice(0, 1000));
    }
  });
  const results = await db.batch(statements);
  return results.reduce((n, r) => n + r.meta.changes, 0);
}

/** Marks rows as going out together under one provider idempotency key, before the send. */
export async function assignBatchKey(db: D1Database, leaseId: string, ids: number[], batchKey: string): Promise<void> {
  await db
    .prepare(`UPDATE outbox SET batch_key = ?2 WHERE lease_id = ?1 AND id IN (SELECT value FROM json_each(?3))`)
    .bind(leaseId, batchKey, JSON.stringify(ids))
    .run();
}

export type DeliveryStats = {
  pending: number;
  sent: number;
  dead: number;
  oldestPendingAt: number | null;
  lastErrors: { id: number; kind: string; error: string; attempts: number }[];
};

type StatsRow = { pending: number | null; sent: number | null; dead: number | null; oldest: number | null };

/** Counts by status, the oldest waiting message and the latest errors; all campaigns when `campaignId` is null. */
export async function deliveryStats(db: D1Database, campaignId: number | null): Promise<DeliveryStats> {
  const [counts, errors] = await Promise.all([
    db
      .prepare(
        `SELECT
           sum(status = 'pending') AS pending, sum(status = 'sent') AS sent, sum(status = 'dead') AS dead,
           min(CASE WHEN status = 'pending' THEN created_at END) AS oldest
         FROM outbox WHERE ?1 IS NULL OR campaign_id = ?1`,
      )
      .bind(campaignId)
      .first<StatsRow>(),
    db
      .prepare(
        `SELECT id, kind, last_error AS error, attempts FROM outbox
         WHERE last_error IS NOT NULL AND (?1 IS NULL OR campaign_id = ?1)
         ORDER BY id DESC LIMIT 5`,
      )
      .bind(campaignId)
      .all<DeliveryStats['lastErrors'][number]>(),
  ]);
  return {
    pending: counts?.pending ?? 0,
    sent: counts?.sent ?? 0,
    dead: counts?.dead ?? 0,
    oldestPendingAt: counts?.oldest ?? null,
    lastErrors: errors.results,
  };
}
