import { parseTargetNames } from './campaigns';
import type { DeliveryState } from './delivery-events';
import { HELD_UNTIL } from './mail-slots';
import { signatureRangeSql } from './outbox';
import type { Statement } from './statements';

/** One message sent in a supporter's name, as their receipt shows it. */
export type ReceiptItem = {
  receiptId: string | null;
  /** '@campaign', or the target's key. */
  target: string | null;
  /** The target's name in the campaign's language, and in others (null for the campaign's inbox). */
  targetName: string | null;
  targetNames: Record<string, string>;
  status: 'pending' | 'sent' | 'dead';
  held: boolean;
  delivery: DeliveryState | null;
  nextAttemptAt: number;
  sentAt: number | null;
  deliveryAt: number | null;
  /** The ledger day it was counted on, once delivered. */
  ledgerDay: string | null;
};

type Row = Omit<ReceiptItem, 'held' | 'targetNames'> & { held: number; targetNames: string | null };

/** The messages sent (or waiting) in the name of a signature: its forwards (a range of outbox keys), campaign's first. */
export async function listReceiptItems(db: D1Database, campaignId: number, signatureId: number): Promise<ReceiptItem[]> {
  const { results } = await db
    .prepare(
      `SELECT o.receipt_id AS receiptId, o.receipt_target AS target, t.name AS targetName, t.names AS targetNames, o.status,
              (o.status = 'pending' AND (o.next_attempt_at >= ?2 OR h.throttle_key IS NOT NULL)) AS held,
              o.delivery, o.next_attempt_at AS nextAttemptAt, o.sent_at AS sentAt, o.delivery_at AS deliveryAt,
              l.day AS ledgerDay
       FROM outbox o
       LEFT JOIN targets t ON t.campaign_id = o.campaign_id AND t.key = o.receipt_target
       LEFT JOIN mail_holds h ON h.campaign_id = o.campaign_id AND h.throttle_key = o.throttle_key
       LEFT JOIN ledger_leaves l ON l.receipt_id = o.receipt_id
       WHERE ${signatureRangeSql('?3', '?1')} AND o.kind = 'forward'
       ORDER BY o.idempotency_key`,
    )
    .bind(signatureId, HELD_UNTIL, campaignId)
    .all<Row>();
  return results.map((r) => ({ ...r, held: r.held === 1, targetNames: parseTargetNames(r.targetNames) }));
}

/** A forward as a receipt names it: its key, first recipient, receipt id and ledger target. */
export type ReceiptForward = { signatureId: number; key: string; to: string; receiptId: string | null; receiptTarget: string | null };

/**
 * The forwards of each signature (given as campaign and signature ids), in key order: one
 * query for a drainer's batch of receipts, each signature a range of outbox keys.
 */
export async function listReceiptForwards(db: D1Database, sigs: { campaignId: number; id: number }[]): Promise<Map<number, ReceiptForward[]>> {
  const out = new Map<number, ReceiptForward[]>();
  if (sigs.length === 0) return out;
  const range = signatureRangeSql(`json_extract(j.value, '$[0]')`, `json_extract(j.value, '$[1]')`);
  const { results } = await db
    .prepare(
      `SELECT signature_id AS signatureId, idempotency_key AS key, json_extract(to_addrs, '$[0]') AS "to",
         receipt_id AS receiptId, receipt_target AS receiptTarget
       FROM json_each(?1) j JOIN outbox ON ${range}
       WHERE kind = 'forward' ORDER BY idempotency_key`,
    )
    .bind(JSON.stringify(sigs.map((s) => [s.campaignId, s.id])))
    .all<ReceiptForward>();
  for (const r of results) out.set(r.signatureId, [...(out.get(r.signatureId) ?? []), r]);
  return out;
}

/**
 * SQL: the insert of a supporter's receipt for the confirmed signatures `s` that `where`
 * picks, when anything goes out in their name (any forward mode but 'none'). Keyed in the
 * signature's range, so withdrawal and spam marking drop it while unsent; rendered by the
 * drainer from the signature and its forwards (email/receipt-mail). Not link mail: one per
 * confirmation, outside the per-inbox cap.
 */
export function receiptInsert(where: string, params: Statement['params']): Statement {
  return {
    sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, next_attempt_at, created_at)
          SELECT 'c' || s.campaign_id || ':s' || s.id || '.' || s.created_at || ':receipt', 'receipt', s.campaign_id, s.id,
            c.sender_name, json_array(s.email), ?2, ?2
          FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
          WHERE ${where} AND s.status = 'confirmed' AND s.email IS NOT NULL AND c.forward_mode <> 'none'
          ON CONFLICT DO NOTHING`,
    params,
  };
}

/**
 * The receipts of the signatures whose first forward the drainer has just recorded as sent
 * (`keys`, at `now`): a receipt goes once something has gone, and confirming writes none.
 * A forward sent later finds an earlier one sent and enqueues nothing, even after the
 * sweep has dropped the receipt.
 */
export function receiptsOnSendStatement(keys: string[], now: number): Statement {
  const sent = `SELECT f.signature_id FROM json_each(?1) k JOIN outbox f ON f.idempotency_key = k.value
                WHERE f.kind = 'forward' AND f.status = 'sent' AND f.sent_at = ?2`;
  const earlier = `SELECT 1 FROM outbox o WHERE ${signatureRangeSql('s.campaign_id', 's.id')}
                   AND o.kind = 'forward' AND o.status = 'sent' AND o.sent_at < ?2`;
  return receiptInsert(`s.id IN (${sent}) AND NOT EXISTS (${earlier})`, [JSON.stringify(keys), now]);
}
