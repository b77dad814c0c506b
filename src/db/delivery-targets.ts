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
const ErrorRow = v.object({ key: v.string(), error: v.string(), at: n });

/**
 * Per address: waiting, held, next send (the campaign's waiting forwards, through the
 * queue's own index), and sent, delivered, delayed, bounced, dead and the last error (the
 * summaries of migration 0017, one row per address), whatever the number sent so far.
 */
export async function deliveryByAddress(db: D1Database, campaignId: number): Promise<AddressDelivery[]> {
  const [waiting, history, errors] = await db.batch([
    db
      .prepare(
        `SELECT throttle_key AS key, sum(next_attempt_at < ?2) AS waiting, sum(next_attempt_at >= ?2) AS held,
           min(CASE WHEN next_attempt_at < ?2 THEN next_attempt_at END) AS nextAt
         FROM outbox INDEXED BY outbox_throttled
         WHERE status = 'pending' AND ${campaignRangeSql('?1')} AND kind = 'forward' AND throttle_key IS NOT NULL
         GROUP BY throttle_key`,
      )
      .bind(campaignId, HELD_UNTIL),
    db
      .prepare(
        `SELECT key, sent, delivered, delayed, bounced, complained, dead, error, error_at AS at
         FROM delivery_tallies WHERE campaign_id = ?1 AND key >= 'to:' AND key < 'to;'`,
      )
      .bind(campaignId),
    // The waiting mail's latest error per address (a retry), beside the summary's last one (dead, bounced).
    db
      .prepare(
        `SELECT key, error, at FROM (
           SELECT throttle_key AS key, coalesce(delivery_error, last_error) AS error, coalesce(delivery_at, last_attempt_at) AS at,
             row_number() OVER (PARTITION BY throttle_key ORDER BY coalesce(delivery_at, last_attempt_at, created_at) DESC, idempotency_key DESC) AS rn
           FROM outbox INDEXED BY outbox_throttled
           WHERE status = 'pending' AND ${campaignRangeSql('?1')} AND kind = 'forward' AND throttle_key IS NOT NULL AND last_error IS NOT NULL)
         WHERE rn = 1`,
      )
      .bind(campaignId),
  ]);
  return merge(v.parse(v.array(WaitRow), waiting?.results ?? []), v.parse(v.array(HistoryRow), history?.results ?? []), v.parse(v.array(ErrorRow), errors?.results ?? []));
}

const WaitRow = v.object({ key: v.string(), waiting: n, held: n, nextAt: n });
const HistoryRow = v.object({ key: v.string(), sent: v.number(), delivered: v.number(), delayed: v.number(), bounced: v.number(), complained: v.number(), dead: v.number(), error: v.nullable(v.string()), at: n });

/** One row per address mailed, waiting or sent; its last error the newer of a retry's and the summary's. */
function merge(waiting: v.InferOutput<typeof WaitRow>[], history: v.InferOutput<typeof HistoryRow>[], errors: v.InferOutput<typeof ErrorRow>[]): AddressDelivery[] {
  const keys = [...new Set([...waiting.map((w) => w.key), ...history.map((h) => h.key)])].sort();
  const w = new Map(waiting.map((r) => [r.key, r]));
  const h = new Map(history.map((r) => [r.key, r]));
  const e = new Map(errors.map((r) => [r.key, r]));
  return keys.map((key) => {
    const hist = h.get(key);
    const retry = e.get(key);
    const dead = hist?.error ? { error: hist.error, at: hist.at } : undefined;
    const last = retry && (!dead || (retry.at ?? 0) >= (dead.at ?? 0)) ? retry : dead;
    return {
      key,
      waiting: w.get(key)?.waiting ?? 0,
      held: w.get(key)?.held ?? 0,
      nextAt: w.get(key)?.nextAt ?? null,
      sent: hist?.sent ?? 0,
      delivered: hist?.delivered ?? 0,
      delayed: hist?.delayed ?? 0,
      bounced: hist?.bounced ?? 0,
      complained: hist?.complained ?? 0,
      dead: hist?.dead ?? 0,
      lastError: last?.error ?? null,
      lastErrorAt: last?.at ?? null,
    };
  });
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
