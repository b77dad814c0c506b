import type { DeliveryState } from './delivery-events';
import { HELD_UNTIL } from './mail-slots';

/** One message sent in a supporter's name, as their receipt shows it. */
export type ReceiptItem = {
  receiptId: string | null;
  /** '@campaign', or the target's key. */
  target: string | null;
  /** The target's name (null for the campaign's inbox). */
  targetName: string | null;
  status: 'pending' | 'sent' | 'dead';
  held: boolean;
  delivery: DeliveryState | null;
  nextAttemptAt: number;
  sentAt: number | null;
  deliveryAt: number | null;
  /** The ledger day it was counted on, once delivered. */
  ledgerDay: string | null;
};

type Row = Omit<ReceiptItem, 'held'> & { held: number };

/** The messages sent (or waiting) in the name of a signature: its forwards, oldest first. */
export async function listReceiptItems(db: D1Database, signatureId: number): Promise<ReceiptItem[]> {
  const { results } = await db
    .prepare(
      `SELECT o.receipt_id AS receiptId, o.receipt_target AS target, t.name AS targetName, o.status,
              (o.status = 'pending' AND (o.next_attempt_at >= ?2 OR h.throttle_key IS NOT NULL)) AS held,
              o.delivery, o.next_attempt_at AS nextAttemptAt, o.sent_at AS sentAt, o.delivery_at AS deliveryAt,
              l.day AS ledgerDay
       FROM outbox o
       LEFT JOIN targets t ON t.campaign_id = o.campaign_id AND t.key = o.receipt_target
       LEFT JOIN mail_holds h ON h.campaign_id = o.campaign_id AND h.throttle_key = o.throttle_key
       LEFT JOIN ledger_leaves l ON l.receipt_id = o.receipt_id
       WHERE o.signature_id = ?1 AND o.kind = 'forward'
       ORDER BY o.id`,
    )
    .bind(signatureId, HELD_UNTIL)
    .all<Row>();
  return results.map((r) => ({ ...r, held: r.held === 1 }));
}
