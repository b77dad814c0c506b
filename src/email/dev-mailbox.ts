import { storeDevMail } from '../db/dev-mailbox';
import type { Mailer, OutgoingEmail, SendResult } from './mailer';

/** Mail kept in D1 and listed at /dev/mailbox, for local development without an account. */
export function devMailbox(db: D1Database): Mailer {
  return {
    name: 'dev-mailbox',
    maxBatch: 100,
    // A stored mail counts as delivered, so `npm start` shows the ledger and receipts.
    confirmsDelivery: true,
    async sendBatch(emails: OutgoingEmail[]): Promise<SendResult> {
      await storeDevMail(db, emails, Date.now());
      return { ok: true, providerIds: emails.map((e) => `dev-${e.idempotencyKey}`) };
    },
  };
}
