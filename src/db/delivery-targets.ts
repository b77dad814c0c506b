import * as v from 'valibot';
import type { DeliveryState } from './delivery-events';
import { HELD_UNTIL } from './mail-slots';
import { campaignRangeSql, signatureRangeSql } from './outbox';

/** A campaign's forwarded mail to one address (a target's, or the campaign's own). */
export type AddressDelivery = {
  /** The throttle key: 'to:' + the address. */
  key: string;
  /** Waiting to go, counted through the first WAITING_CAP of the address's queue: at least this many when `waitingMore`. */
  waiting: number;
  waitingMore: boolean;
  held: number;
  heldMore: boolean;
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

/**
 * How far into one address's queue the organisers' pages count (and as far for its held
 * mail): a longer queue shows as "more than" this, so a page reads at most this many rows of
 * it, however long the queue (issue 25).
 */
export const WAITING_CAP = 250;

/**
 * SQL: the addresses the campaign (?1) mails: its inbox, its targets, and any other it has
 * mailed (its summaries): as many rows as targets, whatever the queues.
 */
export const CAMPAIGN_KEYS = `keys (k) AS (
      SELECT 'to:' || mail_to FROM campaigns WHERE id = ?1
      UNION SELECT 'to:' || email FROM targets WHERE campaign_id = ?1
      UNION SELECT key FROM delivery_tallies WHERE campaign_id = ?1 AND key >= 'to:' AND key < 'to;')`;

/**
 * SQL: per address of the campaign (`key`), the campaign's (?1) waiting forwards among the
 * first ?3 due or retrying of its queue (`waiting`, `scanned`: ?3 means there may be more),
 * the next one's time, and its held mail likewise (?2: HELD_UNTIL). Each a bounded walk of
 * the outbox_throttled index from the address's start.
 */
export const WAITING_BY_KEY = `WITH ${CAMPAIGN_KEYS},
    heads AS (SELECT
      k AS key,
      (SELECT json_object('n', count(*), 'mine', sum(mine), 'next', min(iif(mine, at, NULL)), 'oldest', min(iif(mine, created, NULL))) FROM (
        SELECT next_attempt_at AS at, created_at AS created, (${campaignRangeSql('?1')} AND kind = 'forward') AS mine FROM outbox
        WHERE throttle_key = keys.k AND status = 'pending' AND next_attempt_at < ?2 ORDER BY next_attempt_at LIMIT ?3)) AS due,
      (SELECT json_object('n', count(*), 'mine', sum(mine)) FROM (
        SELECT (${campaignRangeSql('?1')} AND kind = 'forward') AS mine FROM outbox
        WHERE throttle_key = keys.k AND status = 'pending' AND next_attempt_at >= ?2 LIMIT ?3)) AS held
    FROM keys WHERE k IS NOT NULL)
  SELECT key, coalesce(json_extract(due, '$.mine'), 0) AS waiting, json_extract(due, '$.n') >= ?3 AS waitingMore,
    json_extract(due, '$.next') AS nextAt, json_extract(due, '$.oldest') AS oldest,
    coalesce(json_extract(held, '$.mine'), 0) AS held, json_extract(held, '$.n') >= ?3 AS heldMore
  FROM heads WHERE json_extract(due, '$.mine') > 0 OR json_extract(held, '$.mine') > 0`;

/**
 * Per address: waiting, held, next send (the campaign's waiting forwards, through the
 * queue's own index, at most WAITING_CAP of each address's queue and as many of its held
 * mail), and sent, delivered, delayed, bounced, dead and the last error, a retry's
 * included (the summaries of migrations 0017 and 0035, one row per address), whatever the
 * number sent so far or the length of the queue.
 */
export async function deliveryByAddress(db: D1Database, campaignId: number): Promise<AddressDelivery[]> {
  const [waiting, history] = await db.batch([db.prepare(WAITING_BY_KEY).bind(campaignId, HELD_UNTIL, WAITING_CAP), addressHistoryStatement(db, campaignId)]);
  return addressDeliveries(v.parse(v.array(WaitRow), waiting?.results ?? []), history?.results ?? []);
}

/** The statement that reads the campaign's summaries per address (one row each). */
export function addressHistoryStatement(db: D1Database, campaignId: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT key, sent, delivered, delayed, bounced, complained, dead, error, error_at AS at
       FROM delivery_tallies WHERE campaign_id = ?1 AND key >= 'to:' AND key < 'to;'`,
    )
    .bind(campaignId);
}

/** The rows per address from the waiting walk (WAITING_BY_KEY) and the summaries' rows. */
export function addressDeliveries(waiting: v.InferOutput<typeof WaitRow>[], history: unknown[]): AddressDelivery[] {
  return merge(waiting, v.parse(v.array(HistoryRow), history));
}

export const WaitRow = v.object({ key: v.string(), waiting: v.number(), waitingMore: v.number(), held: v.number(), heldMore: v.number(), nextAt: n, oldest: n });
const HistoryRow = v.object({ key: v.string(), sent: v.number(), delivered: v.number(), delayed: v.number(), bounced: v.number(), complained: v.number(), dead: v.number(), error: v.nullable(v.string()), at: n });

/** One row per address mailed, waiting or sent; its last error the summary's (a retry's, a death's or a bounce's, the newest). */
function merge(waiting: v.InferOutput<typeof WaitRow>[], history: v.InferOutput<typeof HistoryRow>[]): AddressDelivery[] {
  const keys = [...new Set([...waiting.map((w) => w.key), ...history.map((h) => h.key)])].sort();
  const w = new Map(waiting.map((r) => [r.key, r]));
  const h = new Map(history.map((r) => [r.key, r]));
  return keys.map((key) => {
    const hist = h.get(key);
    const wait = w.get(key);
    return {
      key,
      waiting: wait?.waiting ?? 0,
      waitingMore: wait?.waitingMore === 1,
      held: wait?.held ?? 0,
      heldMore: wait?.heldMore === 1,
      nextAt: wait?.nextAt ?? null,
      sent: hist?.sent ?? 0,
      delivered: hist?.delivered ?? 0,
      delayed: hist?.delayed ?? 0,
      bounced: hist?.bounced ?? 0,
      complained: hist?.complained ?? 0,
      dead: hist?.dead ?? 0,
      lastError: hist?.error ?? null,
      lastErrorAt: hist?.at ?? null,
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

/**
 * Where a page of messages ends: the signature and outbox key of its last row, or (`key`
 * null) a signature id the next page starts below, when a stretch of signatures held
 * fewer messages than a page.
 */
export type MessageCursor = { signatureId: number; key: string | null };

/** How many signature ids one page looks through at most (their forwards, a few thousand rows). */
export const MESSAGES_WINDOW = 1_000;

/** A page of messages and where the next one starts (null: nothing older). */
export type MessagePage = { messages: DeliveryMessage[]; next: MessageCursor | null };

/**
 * A campaign's forwarded messages, newest signatures first, in keyset pages; only those to
 * `address` when given. A page walks back through at most MESSAGES_WINDOW signature ids
 * from its cursor (the table's own key) and reads each one's forwards by its key range, so
 * it reads what that stretch holds, whatever the campaign's size: when the stretch holds
 * fewer than `limit` (a rare address), the page is shorter and the next one goes on below.
 */
export async function listDeliveryMessages(db: D1Database, campaignId: number, address: string | null, before: MessageCursor | null, limit: number): Promise<MessagePage> {
  // The newest page starts above the newest signature (the table's last key: one seek). Ids
  // are shared by every campaign: a stretch holds the others' too, and is still this long.
  const top = before
    ? before.signatureId + (before.key === null ? 0 : 1)
    : ((await db.prepare('SELECT max(id) AS top FROM signatures').first<number | null>('top')) ?? 0) + 1;
  const bottom = Math.max(1, top - MESSAGES_WINDOW);
  const { results } = await db
    .prepare(
      `SELECT o.idempotency_key AS id, json_extract(o.to_addrs, '$[0]') AS "to", o.status, (o.status = 'pending' AND o.next_attempt_at >= ?5) AS held,
         o.delivery, o.attempts, o.created_at AS createdAt, o.next_attempt_at AS nextAttemptAt, o.sent_at AS sentAt,
         o.delivery_at AS deliveryAt, coalesce(o.delivery_error, o.last_error) AS error, s.id AS signatureId
       FROM signatures s JOIN outbox o ON ${signatureRangeSql('s.campaign_id', 's.id')}
       WHERE s.id < ?3 AND s.id >= ?7 AND +s.campaign_id = ?1 AND o.kind = 'forward' AND (?2 IS NULL OR o.throttle_key = 'to:' || ?2)
         AND (?6 IS NULL OR s.id < ?3 - 1 OR o.idempotency_key < ?6)
       ORDER BY s.id DESC, o.idempotency_key DESC LIMIT ?4`,
    )
    .bind(campaignId, address, top, limit, HELD_UNTIL, before?.key ?? null, bottom)
    .all<MessageRow & { signatureId: number }>();
  const messages = results.map(({ signatureId: _, ...r }) => ({ ...r, held: r.held === 1 }));
  const last = results.at(-1);
  const next: MessageCursor | null =
    results.length === limit && last ? { signatureId: last.signatureId, key: last.id } : bottom > 1 ? { signatureId: bottom, key: null } : null;
  return { messages, next };
}
