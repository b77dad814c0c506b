import { HELD_UNTIL } from './mail-slots';
import type { Statement } from './statements';

/** Builds a statement whose SQL gets a guard condition, with the guard's parameters numbered after the statement's own. */
export type Guarded = (sql: (guard: string) => string, params: Statement['params']) => Statement;

/** An address of a campaign whose mail is held, and why. */
export type Hold = { throttleKey: string; kind: 'bounced' | 'complained'; reason: string; createdAt: number };

/**
 * The statements that hold a campaign's mail to an address: the hold, and its waiting mail
 * (the address's queue, by the outbox_throttled index) moved to HELD_UNTIL.
 */
export function holdStatements(
  hold: { campaignId: number; throttleKey: string; outboxKey: string; kind: 'bounced' | 'complained'; reason: string },
  now: number,
  stmt: Guarded,
): Statement[] {
  return [
    stmt(
      (guard) => `INSERT INTO mail_holds (campaign_id, throttle_key, kind, reason, outbox_key, created_at)
                  SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ${guard}
                  ON CONFLICT (campaign_id, throttle_key) DO UPDATE SET
                    kind = excluded.kind, reason = excluded.reason, outbox_key = excluded.outbox_key, created_at = excluded.created_at`,
      [hold.campaignId, hold.throttleKey, hold.kind, hold.reason.slice(0, 1000), hold.outboxKey, now],
    ),
    stmt(
      (guard) => `UPDATE outbox SET next_attempt_at = ?3
                  WHERE throttle_key = ?2 AND status = 'pending' AND next_attempt_at < ?3 AND campaign_id = ?1 AND ${guard}`,
      [hold.campaignId, hold.throttleKey, HELD_UNTIL],
    ),
  ];
}

/** The campaign's held addresses, newest first. */
export async function listHolds(db: D1Database, campaignId: number): Promise<Hold[]> {
  const { results } = await db
    .prepare(
      `SELECT throttle_key AS throttleKey, kind, reason, created_at AS createdAt FROM mail_holds
       WHERE campaign_id = ?1 ORDER BY created_at DESC`,
    )
    .bind(campaignId)
    .all<Hold>();
  return results;
}

/**
 * Releases held mail, given a `moves` CTE with columns (campaign_id, old_key, new_key,
 * to_addrs, cc_addrs): each campaign's pending mail to old_key goes to new_key (and the
 * new addresses, when given), due again in the order it was written (new_key's send budget
 * spreads it out as it goes); the old key's hold is dropped. A message whose batch outcome is unknown keeps its addresses (it must go again
 * exactly as before, under its key); one leased by a drainer right now is left to it.
 */
export function releaseStatements(moves: string, params: Statement['params'], nowParam: number): Statement[] {
  const now = `?${nowParam}`;
  const mail = `moves m JOIN outbox o ON o.throttle_key = m.old_key AND o.status = 'pending' AND o.campaign_id = m.campaign_id
    AND (o.lease_until IS NULL OR o.lease_until <= ${now})`;
  return [
    {
      sql: `WITH moves AS (${moves})
            UPDATE outbox SET
              next_attempt_at = min(outbox.created_at, ${now}),
              throttle_key = iif(outbox.batch_key IS NULL, r.new_key, outbox.throttle_key),
              to_addrs = iif(outbox.batch_key IS NULL AND r.to_addrs IS NOT NULL, r.to_addrs, outbox.to_addrs),
              cc_addrs = iif(outbox.batch_key IS NULL AND r.cc_addrs IS NOT NULL, r.cc_addrs, outbox.cc_addrs)
            FROM (SELECT o.idempotency_key AS key, m.new_key, m.to_addrs, m.cc_addrs FROM ${mail}) r
            WHERE outbox.idempotency_key = r.key`,
      params,
    },
    {
      sql: `WITH moves AS (${moves})
            DELETE FROM mail_holds WHERE (campaign_id, throttle_key) IN (SELECT campaign_id, old_key FROM moves) AND ${now} IS NOT NULL`,
      params,
    },
  ];
}

/** An organiser's retry of one held address of their campaign (`inbox`: its own inbox): the same address, its mail released. */
export function retryAddressStatements(campaignId: number, throttleKey: string, now: number): Statement[] {
  const moves = `SELECT ?1 AS campaign_id, ?2 AS old_key, ?2 AS new_key, NULL AS to_addrs, NULL AS cc_addrs`;
  return releaseStatements(moves, [campaignId, throttleKey, now], 3);
}

/**
 * Before a push changes addresses: pending mail (held or not) of the campaign to a target
 * whose email the file changes goes to the new email, and so does the campaign's own mail
 * when its `to` or `cc` changes; the old address's hold is dropped, so the corrected
 * address takes the held mail. Runs before the targets are updated (it reads the old emails).
 */
export function readdressStatements(
  slug: string,
  targets: { id: string; email: string }[],
  mail: { to: string; cc: string[]; targetPerHour: number; campaignPerHour: number },
  now: number,
): Statement[] {
  const moves = `
    SELECT t.campaign_id, 'to:' || t.email AS old_key, 'to:' || json_extract(f.value, '$.email') AS new_key,
      json_array(json_extract(f.value, '$.email')) AS to_addrs, '[]' AS cc_addrs
    FROM campaigns c JOIN targets t ON t.campaign_id = c.id JOIN json_each(?2) f ON json_extract(f.value, '$.id') = t.key
    WHERE c.slug = ?1 AND t.email <> json_extract(f.value, '$.email')
    UNION ALL
    SELECT c.id, 'to:' || c.mail_to, 'to:' || json_extract(?3, '$.to'), json_array(json_extract(?3, '$.to')),
      json_extract(?3, '$.cc')
    FROM campaigns c WHERE c.slug = ?1 AND (c.mail_to <> json_extract(?3, '$.to') OR c.mail_cc <> json_extract(?3, '$.cc'))`;
  const params = [
    slug,
    JSON.stringify(targets.map((t) => ({ id: t.id, email: t.email }))),
    JSON.stringify({ to: mail.to, cc: mail.cc }),
    now,
  ];
  return releaseStatements(moves, params, 4);
}

/**
 * The moderation-log entry of an organiser's retry of a held address (logged as a retry,
 * like "Retry dead messages"); run before the release, which drops the hold.
 */
export function retryAddressLogStatement(campaignId: number, throttleKey: string, actor: string, now: number): Statement {
  return {
    sql: `INSERT INTO moderation_log (campaign_id, action, actor, previous, created_at)
          SELECT ?1, 'retry-dead', ?3, 'held: ' || substr(?2, 4) || ' (' || kind || ')', ?4
          FROM mail_holds WHERE campaign_id = ?1 AND throttle_key = ?2`,
    params: [campaignId, throttleKey, actor, now],
  };
}
