import type { StoredMail } from '../db/dev-mailbox';

/**
 * One email as handed to a provider: the shape the dev mailbox keeps (declared in db/, so
 * that db/ needs nothing from email/).
 */
export type OutgoingEmail = StoredMail;

/**
 * Why a send failed, which decides what the drainer does next:
 * - `rejected`: the provider refused the content (4xx validation); nothing was sent.
 * - `ambiguous`: timeout, dropped connection, 5xx: it may have been sent, so the retry
 *   must be the very same request under the same idempotency key.
 * - `throttled`: 429: nothing was done; wait as long as the provider says.
 * - `in-flight`: 409, the same key is still being processed: ask again shortly.
 * - `config`: bad key, unverified domain, wrong base URL: no message can go out until an
 *   operator fixes it, so it neither kills messages nor counts as an attempt.
 * - `quota`: the plan's emails for the day or month are spent: nothing goes out until the
 *   quota resets (`retryAfterMs`), so sending pauses instead of retrying every few seconds.
 */
export type FailureKind = 'rejected' | 'ambiguous' | 'throttled' | 'in-flight' | 'config' | 'quota';

/** What a provider said about a send. */
export type SendResult =
  | { ok: true; providerIds: (string | null)[] }
  | { ok: false; kind: FailureKind; retryAfterMs: number | null; error: string; code?: string };

/** Sends emails; `sendBatch` sends all or none, under one idempotency key. */
export interface Mailer {
  readonly name: string;
  /** Largest batch the provider takes in one call. */
  readonly maxBatch: number;
  /** Accepting a mail is delivering it (the dev mailbox): no webhook will say so later. */
  readonly confirmsDelivery?: boolean;
  sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult>;
}
