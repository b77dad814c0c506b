import { HELD_UNTIL, slotGap } from './mail-slots';
import type { Statement } from './statements';

export type MailKind = 'confirm' | 'already-signed' | 'forward' | 'digest' | 'login';

/** An email to be written to the outbox. */
export type NewMail = {
  kind: MailKind;
  campaignId: number | null;
  idempotencyKey: string;
  fromName: string;
  to: string[];
  cc?: string[];
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  /** Mail sharing a key is spread out to `perHour`. */
  throttle?: { key: string; perHour: number };
  /** A message in a supporter's name: its random receipt id and whom the ledger counts it for. */
  receipt?: { id: string; target: string };
};

/** Only enqueue when the signature with this token hash has this status (checked in the same transaction). */
export type SignatureGuard = { tokenHash: string; status: 'pending' | 'confirmed' };

/** A claimed outbox row, ready to send. */
export type OutboxRow = {
  id: number;
  kind: MailKind;
  idempotency_key: string;
  from_name: string;
  to_addrs: string;
  cc_addrs: string;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  batch_key: string | null;
  lease_id: string;
};

/** The guard as SQL, given the parameter numbers of the idempotency key, token hash and status. */
function guardSql(key: number, tokenHash: number, status: number): string {
  return `(?${tokenHash} IS NULL OR EXISTS (SELECT 1 FROM signatures WHERE token_hash = ?${tokenHash} AND status = ?${status}))
    AND NOT EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = ?${key})`;
}

/**
 * Statements that enqueue one email, for the caller's batch. With a throttle, the
 * message takes the next free slot of its key and moves the slot on by 1/perHour.
 * An idempotency key already in the outbox, or a failed guard, enqueues nothing.
 */
export function enqueueStatements(mail: NewMail, now: number, guard?: SignatureGuard): Statement[] {
  const key = mail.throttle?.key ?? null;
  const interval = mail.throttle ? slotGap(mail.throttle.perHour) : 0;
  const tokenHash = guard?.tokenHash ?? null;
  const status = guard?.status ?? null;
  const statements: Statement[] = [];
  if (key) {
    // Held mail takes no slot: it is spaced out when it is released.
    statements.push({
      sql: `INSERT INTO mail_slots (throttle_key, next_at)
            SELECT ?1, ?2 + ?3 WHERE ${guardSql(4, 5, 6)}
              AND NOT EXISTS (SELECT 1 FROM mail_holds WHERE campaign_id = ?7 AND throttle_key = ?1)
            ON CONFLICT (throttle_key) DO UPDATE SET next_at = max(mail_slots.next_at, ?2) + ?3`,
      params: [key, now, interval, mail.idempotencyKey, tokenHash, status, mail.campaignId],
    });
  }
  // Throttled mail to an address the campaign holds (it bounced) waits with the rest of it;
  // other mail never looks (SQLite would run the lookup once even when it is not needed).
  const when = key
    ? `(SELECT CASE WHEN EXISTS (SELECT 1 FROM mail_holds WHERE campaign_id = ?1 AND throttle_key = ?12) THEN ?18
         ELSE next_at - ?14 END FROM mail_slots WHERE throttle_key = ?12)`
    : 'coalesce(?13, ?14, ?18)'; // = now; naming ?14 and ?18 keeps the parameter list one shape
  statements.push({
    sql: `INSERT INTO outbox (campaign_id, signature_id, kind, idempotency_key, from_name, to_addrs, cc_addrs,
            reply_to, subject, text_body, html_body, throttle_key, next_attempt_at, created_at, receipt_id, receipt_target)
          SELECT ?1, (SELECT id FROM signatures WHERE token_hash = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
            ${when}, ?13, ?16, ?17
          WHERE ${guardSql(4, 2, 15)}`,
    params: [
      mail.campaignId, tokenHash, mail.kind, mail.idempotencyKey, mail.fromName, JSON.stringify(mail.to),
      JSON.stringify(mail.cc ?? []), mail.replyTo ?? null, mail.subject, mail.text, mail.html, key, now, interval,
      status, mail.receipt?.id ?? null, mail.receipt?.target ?? null, HELD_UNTIL,
    ],
  });
  return statements;
}

/** How many link emails (confirmation, sign-in) went to this address since `since`; exact, from D1. */
export async function recentLinkMailsTo(db: D1Database, email: string, since: number): Promise<number> {
  const row = await db
    .prepare(
      `SELECT count(*) AS n FROM outbox
       WHERE to_addrs = json_array(?1) AND created_at > ?2 AND kind IN ('confirm', 'already-signed', 'login')`,
    )
    .bind(email, since)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
