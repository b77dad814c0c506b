import type { Statement } from './statements';

/**
 * `next_attempt_at` of held mail: the end of time (the largest JS date). Held mail stays
 * pending but sorts after everything due, so the drainer's claim (outbox_due, by
 * next_attempt_at) never walks over it, however much piles up for a bouncing address.
 */
export const HELD_UNTIL = 8_640_000_000_000_000;

/** Mail to one address shares one send schedule: its throttle key. */
export function throttleKey(address: string): string {
  return `to:${address}`;
}

/** Milliseconds between two messages under a key that may send `perHour` an hour (as the SQL computes it). */
export function slotGap(perHour: number): number {
  return Math.ceil(3_600_000 / perHour);
}

/** Whose queues to close up: a campaign, or the campaign of the signature behind a link. */
export type QueueScope = { campaignId: number } | { signatureId: number; tokenHash: string };

/** A statement with the parameters its SQL uses: ?1 the scope, ?2 now, ?3 the link's token hash. */
function statement(sql: string, scope: QueueScope, now: number): Statement {
  const all = 'campaignId' in scope ? [scope.campaignId, now] : [scope.signatureId, now, scope.tokenHash];
  const used = Math.max(...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
  return { sql, params: all.slice(0, used) };
}

const CAMPAIGN = (scope: QueueScope) =>
  'campaignId' in scope ? '?1' : '(SELECT campaign_id FROM signatures WHERE id = ?1 AND token_hash = ?3)';

/**
 * The scope's throttle keys (its inbox and every target, active or not) and their untried
 * queue: pending messages never yet handed to the drainer (a message already tried keeps
 * its retry time). Each message's gap comes from its own campaign's settings, as when it
 * was enqueued, so an address shared by two campaigns is spaced as each of them asked.
 * `slots` is where each key's next slot is kept: the campaign inbox's in its counts row
 * (moved by the confirmation's trigger), a target's in mail_slots. Held mail (an address
 * that bounced) stays held: it is released and spaced out when the address is fixed.
 */
function queueSql(scope: QueueScope): string {
  const campaign = CAMPAIGN(scope);
  return `WITH inbox (k) AS (SELECT 'to:' || mail_to FROM campaigns WHERE id = ${campaign}),
    keys (k) AS (SELECT k FROM inbox UNION SELECT 'to:' || email FROM targets WHERE campaign_id = ${campaign}),
    queue AS (
      SELECT key, k, at, (3599999 + per) / per AS gap FROM (
        SELECT o.idempotency_key AS key, o.throttle_key AS k, o.next_attempt_at AS at,
          iif(o.throttle_key = 'to:' || c.mail_to, json_extract(c.settings, '$.campaignPerHour'),
            json_extract(c.settings, '$.targetPerHour')) AS per
        FROM outbox o JOIN campaigns c ON c.id = o.campaign_id
        WHERE o.status = 'pending' AND o.last_attempt_at IS NULL AND o.next_attempt_at < ${HELD_UNTIL}
          AND o.throttle_key IN (SELECT k FROM keys))),
    slots (k, next_at) AS (
      SELECT throttle_key, next_at FROM mail_slots WHERE throttle_key IN (SELECT k FROM keys EXCEPT SELECT k FROM inbox)
      UNION ALL SELECT (SELECT k FROM inbox), mail_next_at FROM campaign_counts WHERE campaign_id = ${campaign})`;
}

/**
 * Wraps statements that drop mail (spam marking, withdrawal) so that the messages queued
 * behind the dropped ones, under the same throttle keys, move up instead of keeping their
 * late slots: a flood of bot signatures marked spam stops delaying the real protests.
 * All in the caller's batch, so one transaction:
 * 1. before the drop, each key's slot is rewound to where its untried queue starts (or
 *    now, if that is past), so spacing from the last message sent still holds;
 * 2. the drop;
 * 3. the remaining untried messages are re-spaced from there, each by its gap, in their
 *    old order (a window sum);
 * 4. each slot is set after its last message, where the next enqueued one will go.
 * Keys with no untried queue are not touched.
 */
export function respaceStatements(scope: QueueScope, now: number, drop: Statement[]): Statement[] {
  const queue = queueSql(scope);
  return [
    statement(
      `${queue}
            INSERT INTO mail_slots (throttle_key, next_at)
            SELECT k, max(?2, min(at)) FROM queue WHERE k NOT IN (SELECT k FROM inbox) GROUP BY k
            ON CONFLICT (throttle_key) DO UPDATE SET next_at = excluded.next_at`,
      scope,
      now,
    ),
    statement(
      `${queue}
            UPDATE campaign_counts SET mail_next_at = (SELECT max(?2, min(at)) FROM queue WHERE k IN (SELECT k FROM inbox))
            WHERE campaign_id = ${CAMPAIGN(scope)} AND EXISTS (SELECT 1 FROM queue WHERE k IN (SELECT k FROM inbox))`,
      scope,
      now,
    ),
    ...drop,
    statement(
      `${queue},
            placed AS (
              SELECT q.key, s.next_at + coalesce(sum(q.gap) OVER (PARTITION BY q.k ORDER BY q.at, q.key
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS at
              FROM queue q JOIN slots s ON s.k = q.k)
            UPDATE outbox SET next_attempt_at = placed.at FROM placed
            WHERE outbox.idempotency_key = placed.key AND outbox.next_attempt_at <> placed.at`,
      scope,
      now,
    ),
    statement(
      `${queue},
            spans AS (SELECT k, sum(gap) AS span FROM queue GROUP BY k)
            UPDATE mail_slots SET next_at = next_at + spans.span FROM spans
            WHERE mail_slots.throttle_key = spans.k AND spans.k NOT IN (SELECT k FROM inbox)`,
      scope,
      now,
    ),
    statement(
      `${queue}
            UPDATE campaign_counts SET mail_next_at = mail_next_at + (SELECT sum(gap) FROM queue WHERE k IN (SELECT k FROM inbox))
            WHERE campaign_id = ${CAMPAIGN(scope)} AND EXISTS (SELECT 1 FROM queue WHERE k IN (SELECT k FROM inbox))`,
      scope,
      now,
    ),
  ];
}
