import type { OutboxRow } from './outbox';

/** Emails that carry a one-time link (a bearer secret until used). */
const LINK_KINDS = `('confirm', 'already-signed', 'login')`;

/**
 * Claims due messages under a lease: one UPDATE … RETURNING, so two drainers never take
 * the same row. A row whose lease ran out (its drainer died) is due again. With any row
 * that already went out in a batch, the claim takes every pending member of that batch,
 * so the batch can go again whole under its key. Each claim counts as an attempt.
 */
export async function claimDue(db: D1Database, leaseId: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const { results } = await db
    .prepare(
      `WITH picked AS (
         SELECT id, batch_key FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= ?2 AND (lease_until IS NULL OR lease_until <= ?2)
           -- Held mail sorts last (HELD_UNTIL); this catches a message that came back from a
           -- retry after its address was held.
           AND NOT EXISTS (SELECT 1 FROM mail_holds h WHERE h.campaign_id = outbox.campaign_id AND h.throttle_key = outbox.throttle_key)
         ORDER BY next_attempt_at, id
         LIMIT ?4)
       UPDATE outbox SET lease_id = ?1, lease_until = ?2 + ?3, attempts = attempts + 1, last_attempt_at = ?2
       WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= ?2)
         AND (id IN (SELECT id FROM picked)
              OR batch_key IN (SELECT batch_key FROM picked WHERE batch_key IS NOT NULL))
       RETURNING id, kind, idempotency_key, from_name, to_addrs, cc_addrs, reply_to, subject, text_body,
         html_body, attempts, batch_key, lease_id`,
    )
    .bind(leaseId, now, leaseMs, limit)
    .all<OutboxRow>();
  return results.sort((a, b) => a.id - b.id);
}

/**
 * What became of one message; applied only while the drainer still holds its lease.
 * A retry keeps its batch key (`keep`: the same request goes again) or is set to go
 * alone under its own key (`solo`: its batch was refused and sent nothing). An attempt
 * that was not the message's fault (`counted: false`) is given back.
 */
export type Outcome =
  | { id: number; status: 'sent'; providerId: string | null; textSha256?: string | null }
  | { id: number; status: 'retry'; nextAttemptAt: number; error: string; batch: 'keep' | 'solo'; counted: boolean }
  | { id: number; status: 'dead'; error: string };

function outcomeStatement(db: D1Database, leaseId: string, now: number, o: Outcome): D1PreparedStatement {
  switch (o.status) {
    case 'sent':
      return db
        .prepare(
          // A sent link email keeps no usable copy of its link: tokens live only as hashes.
          `UPDATE outbox SET status = 'sent', provider_id = ?3, sent_at = ?4, last_error = NULL,
             lease_id = NULL, lease_until = NULL, text_sha256 = ?5,
             text_body = iif(kind IN ${LINK_KINDS}, '(sent; the link is not kept)', text_body),
             html_body = iif(kind IN ${LINK_KINDS}, '', html_body)
           WHERE id = ?1 AND lease_id = ?2`,
        )
        .bind(o.id, leaseId, o.providerId, now, o.textSha256 ?? null);
    case 'retry':
      return db
        .prepare(
          `UPDATE outbox SET next_attempt_at = ?3, last_error = ?4, lease_id = NULL, lease_until = NULL,
             batch_key = CASE WHEN ?5 = 'solo' THEN idempotency_key ELSE batch_key END,
             attempts = attempts - ?6
           WHERE id = ?1 AND lease_id = ?2`,
        )
        .bind(o.id, leaseId, o.nextAttemptAt, o.error.slice(0, 1000), o.batch, o.counted ? 0 : 1);
    case 'dead':
      return db
        .prepare(
          `UPDATE outbox SET status = 'dead', last_error = ?3, lease_id = NULL, lease_until = NULL
           WHERE id = ?1 AND lease_id = ?2`,
        )
        .bind(o.id, leaseId, o.error.slice(0, 1000));
  }
}

/** Records outcomes in one batch. Returns how many rows were still leased by `leaseId`. */
export async function recordOutcomes(db: D1Database, leaseId: string, now: number, outcomes: Outcome[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const results = await db.batch(outcomes.map((o) => outcomeStatement(db, leaseId, now, o)));
  return results.reduce((n, r) => n + r.meta.changes, 0);
}

/**
 * Writes down, before the send, the idempotency key each row goes out under (row id →
 * key). From then on a retry with an unknown outcome repeats exactly that request.
 */
export async function assignBatchKeys(db: D1Database, leaseId: string, keys: Map<number, string>): Promise<void> {
  if (keys.size === 0) return;
  await db
    .prepare(
      `UPDATE outbox SET batch_key = m.value
       FROM (SELECT CAST(key AS INTEGER) AS id, value FROM json_each(?2)) AS m
       WHERE outbox.id = m.id AND outbox.lease_id = ?1`,
    )
    .bind(leaseId, JSON.stringify(Object.fromEntries(keys)))
    .run();
}
