import * as v from 'valibot';
import { StringList } from '../schemas/text';

/** One mail as handed to a provider (email/mailer.ts `OutgoingEmail`), as the dev mailbox keeps it. */
export type StoredMail = {
  /** The outbox row's stable key; also sent as a header so each message can be traced. */
  idempotencyKey: string;
  from: string;
  to: string[];
  cc: string[];
  /** One address, or several (a forward to a target: the supporter's, if allowed, and the campaign's). */
  replyTo: string | string[] | null;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (an update's List-Unsubscribe and List-Unsubscribe-Post). */
  headers?: Record<string, string>;
};

/** Keeps emails in the dev mailbox (local development only); a repeated mail (same key) is ignored. */
export async function storeDevMail(db: D1Database, emails: StoredMail[], now: number): Promise<void> {
  await db.batch(
    emails.map((e) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO dev_mailbox (mail_key, from_addr, to_addrs, cc_addrs, reply_to, subject,
             text_body, html_body, created_at, headers)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
        )
        .bind(e.idempotencyKey, e.from, JSON.stringify(e.to), JSON.stringify(e.cc), Array.isArray(e.replyTo) ? e.replyTo.join(', ') : e.replyTo, e.subject, e.text, e.html, now, JSON.stringify(e.headers ?? {})),
    ),
  );
}

/** A mail in the dev mailbox: what was handed to the provider, and when. */
export type DevMail = Omit<StoredMail, 'idempotencyKey'> & { id: number; created: string };

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
  headers: string;
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
    to: v.parse(StringList, JSON.parse(r.to_addrs)),
    cc: v.parse(StringList, JSON.parse(r.cc_addrs)),
    replyTo: r.reply_to,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    headers: v.parse(v.record(v.string(), v.string()), JSON.parse(r.headers)),
    created: new Date(r.created_at).toISOString(),
  }));
}
