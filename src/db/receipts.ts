import { parseTargetNames } from './campaigns';
import type { DeliveryState } from './delivery-events';
import { HELD_UNTIL } from './mail-slots';
import { signatureRangeSql } from './outbox';

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
