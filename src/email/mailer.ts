/** One email as handed to a provider. */
export type OutgoingEmail = {
  id: number;
  idempotencyKey: string;
  from: string;
  to: string[];
  cc: string[];
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
};

/**
 * What a provider said about a send. `ambiguous` means the provider may have acted
 * (timeout, dropped connection, 5xx): the retry must reuse the same idempotency key.
 */
export type SendResult =
  | { ok: true; providerIds: (string | null)[] }
  | { ok: false; permanent: boolean; ambiguous: boolean; retryAfterMs: number | null; error: string };

/** Sends emails; `sendBatch` sends all or none, under one idempotency key. */
export interface Mailer {
  readonly name: string;
  /** Largest batch the provider takes in one call. */
  readonly maxBatch: number;
  sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult>;
}
