import * as v from 'valibot';
import type { DeliveryState } from './delivery-events';
import { HELD_UNTIL } from './mail-slots';
import { campaignRangeSql } from './outbox';

/** A campaign's forwarded mail to one address (a target's, or the campaign's own). */
export type AddressDelivery = {
  /** The throttle key: 'to:' + the address. */
  key: string;
  waiting: number;
  held: number;
  /** When the next waiting message goes (the throttle's slot for it). */
  nextAt: number | null;
  sent: number;
  delivered: number;
  delayed: number;
  bounced: number;
  complained: number;
  dead: number;
  lastError: string | null;
  lastErrorAt: number | null;
};

const n = v.nullable(v.number());
const StatRow = v.object({ key: v.string(), waiting: n, held: n, nextAt: n, sent: n, delivered: n, delayed: n, bounced: n, complained: n, dead: n });
const ErrorRow = v.object({ key: v.string(), error: v.string(), at: n });

/** Per address: waiting, held, next send, sent, delivered, delayed, bounced, dead and the last error. */
export async function deliveryByAddress(db: D1Database, campaignId: number): Promise<AddressDelivery[]> {
  const [stats, errors] = await db.batch([
    db
      .prepare(
        `SELECT throttle_key AS key,
           sum(status = 'pending' AND next_attempt_at < ?2) AS waiting, sum(status = 'pending' AND next_attempt_at >= ?2) AS held,
           min(CASE WHEN status = 'pending' AND next_attempt_at < ?2 THEN next_attempt_at END) AS nextAt,
           sum(status = 'sent') AS sent, sum(delivery IN ('delivered', 'complained')) AS delivered,
           sum(delivery = 'delayed') AS delayed, sum(delivery = 'bounced') AS bounced,
           sum(delivery = 'complained') AS complained, sum(status = 'dead') AS dead
         FROM outbox WHERE ${campaignRangeSql('?1')} AND kind = 'forward' AND throttle_key IS NOT NULL
         GROUP BY throttle_key`,
      )
      .bind(campaignId, HELD_UNTIL),
    db
      .prepare(
        `SELECT key, error, at FROM (
           SELECT throttle_key AS key, coalesce(delivery_error, last_error) AS error, coalesce(delivery_at, last_attempt_at) AS at,
             row_number() OVER (PARTITION BY throttle_key ORDER BY coalesce(delivery_at, last_attempt_at, created_at) DESC, idempotency_key DESC) AS rn
           FROM outbox WHERE ${campaignRangeSql('?1')} AND kind = 'forward' AND throttle_key IS NOT NULL
             AND (last_error IS NOT NULL OR (delivery_error IS NOT NULL AND delivery IN ('bounced', 'complained', 'delayed'))))
         WHERE rn = 1`,
      )
      .bind(campaignId),
  ]);
  const lastErrors = new Map(v.parse(v.array(ErrorRow), errors?.results ?? []).map((e) => [e.key, e]));
  return v.parse(v.array(StatRow), stats?.results ?? []).map((r) => ({
    key: r.key,
    waiting: r.waiting ?? 0,
    held: r.held ?? 0,
    nextAt: r.nextAt,
    sent: r.sent ?? 0,
    delivered: r.delivered ?? 0,
    delayed: r.delayed ?? 0,
    bounced: r.bounced ?? 0,
    complained: r.complained ?? 0,
    dead: r.dead ?? 0,
    lastError: lastErrors.get(r.key)?.error ?? null,
    lastErrorAt: lastErrors.get(r.key)?.at ?? null,
  }));
}

/** One forwarded message, as the organisers' per-message view lists it: no text. */
export type DeliveryMessage = {
  /** Its outbox key. */
  id: string;
  to: string;
  status: 'pending' | 'sent' | 'dead';
  held: boolean;
  delivery: DeliveryState | null;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  sentAt: number | null;
  deliveryAt: number | null;
  error: string | null;
};

type MessageRow = Omit<DeliveryMessage, 'held'> & { held: number };

/** Where a page of messages ends: the signature and outbox key of its last row. */
export type MessageCursor = { signatureId: number; key: string };

/**
 * A campaign's forwarded messages, newest signatures first, in keyset pages (a range of
 * the campaign's outbox keys, no index); only those to `address` when given.
 */
export async function listDeliveryMessages(db: D1Database, campaignId: number, address: string | null, before: MessageCursor | null, limit: number): Promise<DeliveryMessage[]> {
  const { results } = await db
    .prepare(
      `SELECT idempotency_key AS id, json_extract(to_addrs, '$[0]') AS "to", status, (status = 'pending' AND next_attempt_at >= ?5) AS held,
         delivery, attempts, created_at AS createdAt, next_attempt_at AS nextAttemptAt, sent_at AS sentAt,
         delivery_at AS deliveryAt, coalesce(delivery_error, last_error) AS error
       FROM outbox
       WHERE ${campaignRangeSql('?1')} AND kind = 'forward' AND (?2 IS NULL OR throttle_key = 'to:' || ?2)
         AND (?3 IS NULL OR signature_id < ?3 OR (signature_id = ?3 AND idempotency_key < ?6))
       ORDER BY signature_id DESC, idempotency_key DESC LIMIT ?4`,
    )
    .bind(campaignId, address, before?.signatureId ?? null, limit, HELD_UNTIL, before?.key ?? null)
    .all<MessageRow>();
  return results.map((r) => ({ ...r, held: r.held === 1 }));
}
