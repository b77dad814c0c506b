import { nextSeqSql } from './ledger-tree';
import { type Guarded, holdStatements } from './holds';
import type { Statement } from './statements';
import { parseUpdateMailKey } from './updates';

/** What the provider last said about a sent message. */
export type DeliveryState = 'sent' | 'delayed' | 'delivered' | 'bounced' | 'complained';

/**
 * Later words win over earlier ones, never the reverse, since events may arrive in any
 * order: a delivery delayed, then delivered; a complaint comes after a delivery.
 */
const RANK_SQL = `CASE coalesce(delivery, '') WHEN '' THEN 0 WHEN 'sent' THEN 1 WHEN 'delayed' THEN 2
  WHEN 'delivered' THEN 3 WHEN 'bounced' THEN 4 ELSE 5 END`;
const RANK: Record<DeliveryState, number> = { sent: 1, delayed: 2, delivered: 3, bounced: 4, complained: 5 };

/** A sent message as a delivery event finds it, by its outbox key. */
export type SentMessage = {
  key: string;
  /** 'pending' while its drainer has not recorded the send yet (an early event). */
  status: 'pending' | 'sent' | 'dead';
  campaignId: number | null;
  slug: string | null;
  kind: string;
  receiptId: string | null;
  receiptTarget: string | null;
  textSha256: string | null;
  throttleKey: string | null;
  /** The provider's id of the send we recorded (null before it is recorded). */
  providerId: string | null;
  /** HELD_UNTIL while its address is held. */
  nextAttemptAt: number;
};

/** The message with this outbox key (one primary-key probe); null for a key we do not hold. */
export async function findMessage(db: D1Database, key: string): Promise<SentMessage | null> {
  return db
    .prepare(
      `SELECT o.idempotency_key AS key, o.status, o.campaign_id AS campaignId, c.slug, o.kind, o.receipt_id AS receiptId,
              o.receipt_target AS receiptTarget, o.text_sha256 AS textSha256, o.throttle_key AS throttleKey,
              o.provider_id AS providerId, o.next_attempt_at AS nextAttemptAt
       FROM outbox o LEFT JOIN campaigns c ON c.id = o.campaign_id
       WHERE o.idempotency_key = ?1`,
    )
    .bind(key)
    .first<SentMessage>();
}

/** A webhook delivery being handled: its statements apply only if this handling stored its id first. */
export type Seen = { svixId: string; nonce: string; type: string };

/** A leaf for the ledger, computed by the caller from the message's fields. */
export type NewLeaf = { receiptId: string; campaignId: number; day: string; target: string; textSha256: string; leaf: string };

export type DeliveryChange = {
  state: DeliveryState;
  at: number;
  error: string | null;
  /** A hard bounce or a complaint: the message's address is held for its campaign. */
  hold: { kind: 'bounced' | 'complained'; reason: string } | null;
  leaf: NewLeaf | null;
};

/** The statement that records a webhook delivery's id, first in its batch; 0 changes means a repeat. */
export function seenStatement(seen: Seen, now: number): Statement {
  return {
    sql: `INSERT INTO webhook_events (svix_id, nonce, type, received_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (svix_id) DO NOTHING`,
    params: [seen.svixId, seen.nonce, seen.type.slice(0, 100), now],
  };
}

/**
 * The statements of one delivery event on one message, for one batch: the new state (if it
 * outranks the old), the leaf once delivered, the hold on a failing address. With `seen`,
 * each runs only if this handling's id row is the stored one.
 */
export function deliveryStatements(message: SentMessage, change: DeliveryChange, seen: Seen | null): Statement[] {
  const stmt = guarded(seen);
  const statements: Statement[] = [
    stmt(
      // Only the send we recorded, under the provider's id of it: never a dead or held message.
      (guard) => `UPDATE outbox SET delivery = ?2, delivery_at = ?3, delivery_error = coalesce(?4, delivery_error)
                  WHERE idempotency_key = ?1 AND status = 'sent' AND provider_id IS ?6 AND ${RANK_SQL} < ?5 AND ${guard}`,
      [message.key, change.state, change.at, change.error?.slice(0, 1000) ?? null, RANK[change.state], message.providerId],
    ),
  ];
  if (change.leaf) {
    const l = change.leaf;
    statements.push(
      stmt(
        // Its place in the day's tree: the next one (db/ledger-tree.ts).
        (guard) => `INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, outbox_key, created_at, seq)
                    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ${nextSeqSql('?2', '?3')}
                    WHERE EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = ?7 AND delivery = 'delivered') AND ${guard}
                    ON CONFLICT (receipt_id) DO NOTHING`,
        [l.receiptId, l.campaignId, l.day, l.target, l.textSha256, l.leaf, message.key, change.at],
      ),
    );
  }
  // A supporter who marks an update as spam wants no more, and an address that bounced hard
  // takes none: unsubscribed, as by their link (what holds a target's address, for them).
  const update = message.kind === 'update' && change.hold ? parseUpdateMailKey(message.key) : null;
  if (update) {
    statements.push(stmt((guard) => `UPDATE signatures SET unsubscribed_at = ?2, updated_at = ?2 WHERE id = ?1 AND unsubscribed_at IS NULL AND ${guard}`, [update.signatureId, change.at]));
  }
  if (change.hold && message.campaignId !== null && message.throttleKey) {
    const hold = { campaignId: message.campaignId, throttleKey: message.throttleKey, outboxKey: message.key, ...change.hold };
    statements.push(...holdStatements(hold, change.at, stmt));
  }
  return statements;
}

function guarded(seen: Seen | null): Guarded {
  return (sql, params) => {
    if (!seen) return { sql: sql('1'), params };
    const n = params.length + 1;
    return { sql: sql(`EXISTS (SELECT 1 FROM webhook_events WHERE svix_id = ?${n} AND nonce = ?${n + 1})`), params: [...params, seen.svixId, seen.nonce] };
  };
}
