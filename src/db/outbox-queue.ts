import type { OutboxRow } from './outbox';
import { receiptsOnSendStatement } from './receipts';
import { prepared } from './statements';

/**
 * Claims due messages under a lease: one UPDATE … RETURNING, so two drainers never take
 * the same row. A row whose lease ran out (its drainer died) is due again. With any row
 * whose provider request has no known outcome yet, the claim takes every pending member
 * of that request (open_batches), so it can go again whole under its key. Rows that never
 * went out get `freshBatchKey`. Each claim counts as an attempt.
 */
export async function claimDue(db: D1Database, leaseId: string, now: number, leaseMs: number, limit: number, freshBatchKey = `batch-${leaseId}`): Promise<OutboxRow[]> {
  const { results } = await db
    .prepare(
      `WITH picked AS (
         SELECT idempotency_key AS k, batch_key FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= ?2 AND (lease_until IS NULL OR lease_until <= ?2)
           -- Held mail sorts last (HELD_UNTIL); this catches a message that came back from a
           -- retry after its address was held.
           AND NOT EXISTS (SELECT 1 FROM mail_holds h WHERE h.campaign_id = outbox.campaign_id AND h.throttle_key = outbox.throttle_key)
         ORDER BY next_attempt_at
         LIMIT ?4),
       members AS (
         SELECT m.value AS k FROM open_batches b, json_each(b.members) m
         WHERE b.batch_key IN (SELECT batch_key FROM picked WHERE batch_key IS NOT NULL))
       UPDATE outbox SET lease_id = ?1, lease_until = ?2 + ?3, attempts = attempts + 1, last_attempt_at = ?2,
         batch_key = coalesce(batch_key, ?5)
       WHERE idempotency_key IN (SELECT k FROM picked UNION SELECT k FROM members)
         AND status = 'pending' AND (lease_until IS NULL OR lease_until <= ?2)
       RETURNING idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, cc_addrs, reply_to, subject,
         text_body, html_body, attempts, batch_key, lease_id`,
    )
    .bind(leaseId, now, leaseMs, limit, freshBatchKey)
    .all<OutboxRow>();
  return results.sort((a, b) => (a.idempotency_key < b.idempotency_key ? -1 : 1));
}

/**
 * Writes down, before the send, which messages go out together under each new request key.
 * From then on a retry with an unknown outcome repeats exactly that request.
 */
export async function openBatches(db: D1Database, batches: { key: string; members: string[] }[], now: number): Promise<void> {
  if (batches.length === 0) return;
  await db
    .prepare(
      `INSERT INTO open_batches (batch_key, members, created_at)
       SELECT json_extract(value, '$.key'), json_extract(value, '$.members'), ?2 FROM json_each(?1)
       WHERE true ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(batches), now)
    .run();
}

/**
 * What became of one message; applied only while the drainer still holds its lease.
 * A retry keeps its request (`keep`: the same request goes again) or is set to go alone
 * under its own key (`solo`: its request was refused and sent nothing). An attempt that
 * was not the message's fault (`counted: false`) is given back. `providerId` and
 * `textSha256` (the hash of the text body handed over, what a ledger leaf commits to)
 * record what the provider took.
 */
export type Outcome =
  | { key: string; status: 'sent'; providerId: string | null; textSha256?: string | null }
  | { key: string; status: 'retry'; nextAttemptAt: number; error: string; batch: 'keep' | 'solo'; counted: boolean }
  | { key: string; status: 'dead'; error: string };

function outcomeStatement(db: D1Database, leaseId: string, now: number, o: Outcome): D1PreparedStatement {
  switch (o.status) {
    case 'sent':
      return db
        .prepare(
          // A sent link email keeps no copy of its link (sign-in links are written whole).
          `UPDATE outbox SET status = 'sent', provider_id = ?3, sent_at = ?4, last_error = NULL,
             lease_id = NULL, lease_until = NULL, text_sha256 = ?5,
             text_body = iif(kind = 'login', '(sent; the link is not kept)', text_body),
             html_body = iif(kind = 'login', '', html_body)
           WHERE idempotency_key = ?1 AND lease_id = ?2`,
        )
        .bind(o.key, leaseId, o.providerId, now, o.textSha256 ?? null);
    case 'retry':
      return db
        .prepare(
          `UPDATE outbox SET next_attempt_at = ?3, last_error = ?4, lease_id = NULL, lease_until = NULL,
             batch_key = CASE WHEN ?5 = 'solo' THEN idempotency_key ELSE batch_key END,
             attempts = attempts - ?6
           WHERE idempotency_key = ?1 AND lease_id = ?2`,
        )
        .bind(o.key, leaseId, o.nextAttemptAt, o.error.slice(0, 1000), o.batch, o.counted ? 0 : 1);
    case 'dead':
      return db
        .prepare(
          `UPDATE outbox SET status = 'dead', last_error = ?3, lease_id = NULL, lease_until = NULL
           WHERE idempotency_key = ?1 AND lease_id = ?2`,
        )
        .bind(o.key, leaseId, o.error.slice(0, 1000));
  }
}

/**
 * Records outcomes in one batch and closes the requests whose outcome is now known.
 * Returns how many rows were still leased by `leaseId`.
 */
export async function recordOutcomes(db: D1Database, leaseId: string, now: number, outcomes: Outcome[], closed: string[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const statements = outcomes.map((o) => outcomeStatement(db, leaseId, now, o));
  const sent = outcomes.flatMap((o) => (o.status === 'sent' ? [o.key] : []));
  if (sent.length > 0) statements.push(...prepared(db, [receiptsOnSendStatement(sent, now)]));
  if (closed.length > 0) {
    statements.push(db.prepare('DELETE FROM open_batches WHERE batch_key IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(closed)));
  }
  const results = await db.batch(statements);
  return results.slice(0, outcomes.length).reduce((n, r) => n + r.meta.changes, 0);
}
