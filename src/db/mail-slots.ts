import type { Statement } from './statements';

/**
 * `next_attempt_at` of held mail: the end of time (the largest JS date). Held mail stays
 * pending but sorts after everything due, so the drainer's claim (index on status,
 * next_attempt_at) never walks over it, however much piles up for a bouncing address.
 */
export const HELD_UNTIL = 8_640_000_000_000_000;

/** Mail to one address shares one send schedule: its throttle key. */
export function throttleKey(address: string): string {
  return `to:${address}`;
}

/** Milliseconds between two messages under a key that may send `perHour` an hour. */
export function slotGap(perHour: number): number {
  return Math.ceil(3_600_000 / perHour);
}

/** Whose queues to close up: a campaign, or the campaign of the signature with this token hash. */
export type QueueScope = { campaignId: number } | { tokenHash: string };

/**
 * The scope's throttle keys (its inbox and every target, active or not, as forward.ts
 * names them) and their untried queue: pending messages never yet handed to the drainer.
 * A message already tried keeps its retry time. Each message's gap comes from its own
 * campaign's settings, as when it was enqueued (slotGap, in integer SQL), so an address
 * shared by two campaigns is spaced as each of them asked. Held mail (an address that
 * bounced) stays held: it is released and spaced out when the address is fixed. ?1 is the scope.
 */
function queueSql(scope: QueueScope): string {
  const campaign = 'campaignId' in scope ? '?1' : '(SELECT campaign_id FROM signatures WHERE token_hash = ?1)';
  return `WITH keys (k) AS (
      SELECT 'to:' || mail_to FROM campaigns WHERE id = ${campaign}
      UNION SELECT 'to:' || email FROM targets WHERE campaign_id = ${campaign}),
    queue AS (
      SELECT id, k, at, (3599999 + per) / per AS gap FROM (
        SELECT o.id, o.throttle_key AS k, o.next_attempt_at AS at,
          iif(o.throttle_key = 'to:' || c.mail_to, json_extract(c.settings, '$.campaignPerHour'),
            json_extract(c.settings, '$.targetPerHour')) AS per
        FROM outbox o JOIN campaigns c ON c.id = o.campaign_id
        WHERE o.status = 'pending' AND o.last_attempt_at IS NULL AND o.next_attempt_at < ${HELD_UNTIL}
          AND o.throttle_key IN (SELECT k FROM keys)))`;
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
  const ref = 'campaignId' in scope ? scope.campaignId : scope.tokenHash;
  const queue = queueSql(scope);
  return [
    {
      sql: `${queue}
            INSERT INTO mail_slots (throttle_key, next_at)
            SELECT k, max(?2, min(at)) FROM queue WHERE true GROUP BY k
            ON CONFLICT (throttle_key) DO UPDATE SET next_at = excluded.next_at`,
      params: [ref, now],
    },
    ...drop,
    {
      sql: `${queue},
            placed AS (
              SELECT q.id, s.next_at + coalesce(sum(q.gap) OVER (PARTITION BY q.k ORDER BY q.at, q.id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS at
              FROM queue q JOIN mail_slots s ON s.throttle_key = q.k)
            UPDATE outbox SET next_attempt_at = placed.at FROM placed
            WHERE outbox.id = placed.id AND outbox.next_attempt_at <> placed.at`,
      params: [ref],
    },
    {
      sql: `${queue},
            spans AS (SELECT k, sum(gap) AS span FROM queue GROUP BY k)
            UPDATE mail_slots SET next_at = next_at + spans.span FROM spans
            WHERE mail_slots.throttle_key = spans.k`,
      params: [ref],
    },
  ];
}
