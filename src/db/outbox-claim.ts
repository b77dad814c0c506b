import { burstSql, gapSql } from './mail-slots';
import { NOT_PAUSED } from './mail-pauses';
import type { OutboxRow } from './outbox';

/** SQL: a pending message nobody holds a lease on, while sending is not paused by a quota (?2 is now). */
const FREE = `status = 'pending' AND (lease_until IS NULL OR lease_until <= ?2) AND ${NOT_PAUSED}`;

/** SQL: mail without a throttle key that is due, oldest first (the outbox_due index). */
const UNTHROTTLED = `SELECT idempotency_key AS k, batch_key FROM outbox
  WHERE throttle_key IS NULL AND next_attempt_at <= ?2 AND ${FREE} ORDER BY next_attempt_at LIMIT ?4`;

/** SQL: the next due message of key `w.k` after position (`after`), by the outbox_throttled index. */
function nextOf(k: string, after: string | null): string {
  const past = after ? `AND (next_attempt_at > ${after}.at OR (next_attempt_at = ${after}.at AND idempotency_key > ${after}.key))` : '';
  return `(SELECT idempotency_key FROM outbox
    WHERE throttle_key = ${k} AND next_attempt_at <= ?2 AND ${FREE} ${past}
      AND NOT EXISTS (SELECT 1 FROM mail_holds h WHERE h.campaign_id = outbox.campaign_id AND h.throttle_key = outbox.throttle_key)
    ORDER BY next_attempt_at, idempotency_key LIMIT 1)`;
}

/**
 * SQL: a recursive walk taking, for each key of `caps` (columns k, cap), its first `cap` due
 * messages in order, one index seek each: rows read grow with what is taken, never with
 * the length of the queue behind.
 */
function walkSql(caps: string): string {
  return `walk (k, at, key, n, cap) AS (
      SELECT c.k, o.next_attempt_at, o.idempotency_key, 1, c.cap FROM ${caps} c
        JOIN outbox o ON o.idempotency_key = ${nextOf('c.k', null)} WHERE c.cap > 0
      UNION ALL
      SELECT w.k, o.next_attempt_at, o.idempotency_key, w.n + 1, w.cap FROM walk w
        JOIN outbox o ON o.idempotency_key = ${nextOf('w.k', 'w')} WHERE w.n < w.cap)`;
}

/**
 * SQL: the addresses with pending mail, stepping through the outbox_throttled index one
 * seek per address (a loose index scan): as many rows as addresses, whatever their queues.
 */
const KEYS = `keys (k) AS (
      SELECT (SELECT throttle_key FROM outbox WHERE status = 'pending' AND throttle_key > '' ORDER BY throttle_key LIMIT 1)
      UNION ALL
      SELECT (SELECT throttle_key FROM outbox WHERE status = 'pending' AND throttle_key > keys.k ORDER BY throttle_key LIMIT 1)
      FROM keys WHERE keys.k IS NOT NULL)`;

/** SQL: the per-hour rate of the campaign of message `o` (joined as `c`) for its address. */
const PER_HOUR = `iif(o.throttle_key = 'to:' || c.mail_to, json_extract(c.settings, '$.campaignPerHour'), json_extract(c.settings, '$.targetPerHour'))`;

/**
 * The budget step (first statement of the claim): each address with a message due gets
 * what its bucket holds now (rate from that message's campaign; a bucket never used or long
 * unused is full); each walk takes that many; of all they found, the earliest that fit in
 * `limit` after the unthrottled mail due (first: supporters wait for it) are kept, and each
 * bucket is spent for its kept messages (a prefix of its walk, so the lease step finds the
 * same). ?1 lease, ?2 now, ?4 limit.
 */
const GRANT = `WITH RECURSIVE
    room (n) AS (SELECT max(0, ?4 - count(*)) FROM (${UNTHROTTLED})),
    ${KEYS},
    heads AS (SELECT keys.k, ${nextOf('keys.k', null)} AS first FROM keys WHERE keys.k IS NOT NULL),
    rates AS (SELECT h.k, ${gapSql(PER_HOUR)} AS gap, ${burstSql(PER_HOUR)} AS burst
      FROM heads h JOIN outbox o ON o.idempotency_key = h.first JOIN campaigns c ON c.id = o.campaign_id),
    buckets AS (SELECT r.k, r.gap, r.burst, coalesce(s.next_at, 0) AS tat FROM rates r LEFT JOIN mail_slots s ON s.throttle_key = r.k),
    caps AS MATERIALIZED (SELECT k, gap, burst, tat,
      min(iif(tat <= ?2, min(burst, (?2 - tat) / gap + 1), 0), (SELECT n FROM room)) AS cap FROM buckets),
    ${walkSql('caps')},
    walked AS MATERIALIZED (SELECT k, at, key FROM walk),
    kept AS MATERIALIZED (SELECT k FROM walked ORDER BY at, key LIMIT (SELECT n FROM room)),
    taken AS (SELECT c.k, c.gap, c.burst, c.tat, (SELECT count(*) FROM kept WHERE kept.k = c.k) AS n FROM caps c)
  INSERT INTO mail_slots (throttle_key, next_at, lease_id, granted)
  SELECT k, max(tat, ?2 - (burst - 1) * gap) + n * gap, ?1, n FROM taken WHERE n > 0
  ON CONFLICT (throttle_key) DO UPDATE SET next_at = excluded.next_at, lease_id = excluded.lease_id, granted = excluded.granted`;

/**
 * The lease step (second statement): the unthrottled mail due, each key's granted messages
 * (the same walk, in the same transaction, so the same rows), and with any message whose
 * provider request has no known outcome yet, every pending member of that request
 * (open_batches), so it goes again whole under its key. ?5 the fresh batch key.
 */
const LEASE = `WITH RECURSIVE
    ${KEYS},
    caps AS (SELECT s.throttle_key AS k, s.granted AS cap FROM keys JOIN mail_slots s ON s.throttle_key = keys.k WHERE s.lease_id = ?1),
    ${walkSql('caps')},
    picked AS (${UNTHROTTLED}),
    chosen (k, batch_key) AS (SELECT k, batch_key FROM picked
      UNION ALL SELECT w.key, o.batch_key FROM walk w JOIN outbox o ON o.idempotency_key = w.key),
    members AS (
      SELECT m.value AS k FROM open_batches b, json_each(b.members) m
      WHERE b.batch_key IN (SELECT batch_key FROM chosen WHERE batch_key IS NOT NULL))
  UPDATE outbox SET lease_id = ?1, lease_until = ?2 + ?3, attempts = attempts + 1, last_attempt_at = ?2,
    batch_key = coalesce(batch_key, ?5)
  WHERE idempotency_key IN (SELECT k FROM chosen UNION SELECT k FROM members) AND ${FREE}
  RETURNING idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, cc_addrs, reply_to, subject,
    text_body, html_body, attempts, batch_key, lease_id, throttle_key`;

/**
 * Claims due messages under a lease, in one batch (one transaction: two drainers never take
 * the same row, and a key's tokens are spent for exactly the rows leased). Mail to a
 * throttled address goes as its bucket allows, decided here, not when it was enqueued. A
 * row whose lease ran out (its drainer died) is due again. Rows that never went out get
 * `freshBatchKey`. Each claim counts as an attempt. Two statements (subrequests).
 */
export async function claimDue(db: D1Database, leaseId: string, now: number, leaseMs: number, limit: number, freshBatchKey = `batch-${leaseId}`): Promise<OutboxRow[]> {
  const [, leased] = await db.batch<OutboxRow>([
    db.prepare(GRANT).bind(leaseId, now, null, limit),
    db.prepare(LEASE).bind(leaseId, now, leaseMs, limit, freshBatchKey),
  ]);
  return (leased?.results ?? []).sort((a, b) => (a.idempotency_key < b.idempotency_key ? -1 : 1));
}

/** Statements a claim costs (D1 subrequests, each statement of a batch counted). */
export const CLAIM_STATEMENTS = 2;
