import * as v from 'valibot';
import type { Mailer, OutgoingEmail, SendResult } from './mailer';

const AddressList = v.array(v.string());

/** Mail kept in D1 and listed at /dev/mailbox, for local development without an account. */
export function devMailbox(db: D1Database): Mailer {
  return {
    name: 'dev-mailbox',
    maxBatch: 100,
    async sendBatch(emails: OutgoingEmail[]): Promise<SendResult> {
      const now = Date.now();
      await db.batch(
        emails.map((e) =>
          db
            .prepare(
              `INSERT OR IGNORE INTO dev_mailbox (outbox_id, from_addr, to_addrs, cc_addrs, reply_to, subject,
                 text_body, html_body, created_at)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
            )
            .bind(e.id, e.from, JSON.stringify(e.to), JSON.stringify(e.cc), e.replyTo, e.subject, e.text, e.html, now),
        ),
      );
      return { ok: true, providerIds: emails.map((e) => `dev-${e.id}`) };
    },
  };
}

export type DevMail = {
  id: number;
  from: string;
  to: string[];
  cc: string[];
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  created: string;
};

type DevMailRow = {
  id: number;
  from_addr: string;
  to_addrs: string;
  cc_addrs: string;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: number;
};

/** The newest mails in the dev mailbox. */
export async function listDevMail(db: D1Database, limit = 50): Promise<DevMail[]> {
  const { results } = await db
    .prepare('SELECT * FROM dev_mailbox ORDER BY id DESC LIMIT ?1')
    .bind(limit)
    .all<DevMailRow>();
  return results.map((r) => ({
    id: r.id,
    from: r.from_addr,
    to: v.parse(AddressList, JSON.parse(r.to_addrs)),
    cc: v.parse(AddressList, JSON.parse(r.cc_addrs)),
    replyTo: r.reply_to,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    created: new Date(r.created_at).toISOString(),
  }));
}
