import { type DeliveryChange, type DeliveryState, deliveryStatements, findMessage, type NewLeaf, type Seen, seenStatement, type SentMessage } from '../db/delivery-events';
import { runBatch } from '../db/statements';
import { leafHash } from '../lib/ledger-hash';
import { HELD_UNTIL } from '../db/mail-slots';

/** What a provider said about one sent message, in our terms. */
export type DeliveryEvent = {
  /** The outbox key of the message (it travels with the mail as a tag, see resend-tag.ts). */
  key: string;
  state: DeliveryState;
  /** The provider's reason (a bounce's message), kept for organisers. */
  error: string | null;
  /** A permanent failure of the address (hard bounce, complaint): its mail is held. */
  addressFails: boolean;
  /** The provider's id of the email the event is about (`data.email_id`); null from the dev mailbox. */
  providerId: string | null;
};

/**
 * `early`: the message is ours but its send is not recorded yet (the drainer records a
 * claim's outcomes after all its requests, and Resend may be quicker): nothing is stored,
 * so the provider's retry of the event applies it.
 */
export type EventOutcome = 'applied' | 'duplicate' | 'unknown' | 'early' | 'ignored';

/**
 * Why an event about a message we hold changes nothing, or null when it applies: it must
 * name the send we recorded (the provider's id, not only the tag anyone can copy), and a
 * message that is dead or held was never handed over as far as we know.
 */
function stale(m: SentMessage, event: DeliveryEvent): string | null {
  if (m.status === 'dead') return 'the message is dead';
  if (m.nextAttemptAt >= HELD_UNTIL) return 'the message is held';
  // Not recorded yet: the caller answers "early", so the provider's retry applies it.
  if (m.status === 'pending') return null;
  if (event.providerId !== null && event.providerId !== m.providerId) return `its email id is not the one recorded (${m.providerId ?? 'none'})`;
  return null;
}

/** The UTC day of a moment, as the ledger writes it. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The leaf a delivery makes: only for a message sent in a supporter's name whose text hash
 * was recorded when it went out. The day is the day the delivery is recorded here (not
 * the provider's clock), so a day that has ended never gains a leaf and its root holds.
 */
async function leafFor(m: SentMessage, now: number): Promise<NewLeaf | null> {
  if (m.campaignId === null || !m.slug || !m.receiptId || !m.receiptTarget || !m.textSha256) return null;
  const day = utcDay(now);
  const leaf = await leafHash({ slug: m.slug, receiptId: m.receiptId, target: m.receiptTarget, day, textSha256: m.textSha256 });
  return { receiptId: m.receiptId, campaignId: m.campaignId, day, target: m.receiptTarget, textSha256: m.textSha256, leaf };
}

/**
 * Applies one delivery event to its message (by outbox key), in one batch: the new state,
 * the ledger leaf once delivered, the hold on an address that fails. With `seen` (a
 * webhook delivery's id), a repeat of an id already handled changes nothing.
 */
export async function applyDeliveryEvent(db: D1Database, event: DeliveryEvent, seen: Seen | null, now: number): Promise<EventOutcome> {
  const message = await findMessage(db, event.key);
  if (!message) {
    if (seen) await runBatch(db, [seenStatement(seen, now)]);
    return 'unknown';
  }
  const why = stale(message, event);
  if (why) {
    console.warn(`webhooks: event for ${event.key} ignored: ${why}`);
    if (seen) await runBatch(db, [seenStatement(seen, now)]);
    return 'ignored';
  }
  if (message.status === 'pending') return 'early';
  const change: DeliveryChange = {
    state: event.state,
    at: now,
    error: event.error,
    hold: event.addressFails ? { kind: event.state === 'complained' ? 'complained' : 'bounced', reason: event.error ?? event.state } : null,
    leaf: event.state === 'delivered' ? await leafFor(message, now) : null,
  };
  const statements = [...(seen ? [seenStatement(seen, now)] : []), ...deliveryStatements(message, change, seen)];
  const [first] = await runBatch(db, statements);
  return seen && first?.meta.changes === 0 ? 'duplicate' : 'applied';
}

/** The dev mailbox's word on the forwards it stored (by outbox key): delivered, as a provider's webhook would say. */
export async function confirmDelivered(db: D1Database, keys: string[], now: number): Promise<void> {
  for (const key of keys) {
    await applyDeliveryEvent(db, { key, state: 'delivered', error: null, addressFails: false, providerId: null }, null, now);
  }
}
