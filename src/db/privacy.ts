import { DAY_MS as DAY } from '../lib/time';
import { picketPrivacyStatements } from './picket-privacy';
import { dropIpStatements, pendingStatements } from './privacy-windows';
import { runBatch } from './statements';

/** When the sweep runs: the daily entry of `[triggers] crons` in wrangler.toml (a test checks they match). */
export const PRIVACY_CRON = '17 3 * * *';
/** Hashed IPs are kept this long, for abuse review, then dropped. */
export const IP_RETENTION_DAYS = 30;
/** Unconfirmed signatures are deleted this long after their link expired. */
export const PENDING_GRACE_DAYS = 7;

export type PrivacySweep = { ipHashesDropped: number; pendingDeleted: number; anonymised: number; sessionsDeleted: number; mailsBlanked: number; slotsPruned: number; webhookIdsPruned: number; attendeesErased: number };

/** Webhook ids are kept this long to ignore a repeat: Svix retries one event for about 28 hours. */
export const WEBHOOK_ID_RETENTION_DAYS = 7;

// Link mail to an inbox (outbox keys `i:…`): kept a day after it went out, for the hourly cap.
const LINK_MAIL = `idempotency_key >= 'i:' AND idempotency_key < 'i;'`;

/** Sent mail keeps its addresses (delivery record) but loses its words after this long. */
export const SENT_MAIL_RETENTION_DAYS = 30;

/**
 * The daily privacy sweep, one batch: drop old IP hashes; delete signatures never
 * confirmed (and the emails that named them) and receipts sent a day ago; anonymise the signatures of campaigns
 * closed longer ago than their retention period; blank the words of mail sent over 30
 * days ago; forget expired sessions, sign-in links, send slots in the past and old webhook
 * ids; delete supporters' copies of updates after 30 days; erase pickets' attendees once the
 * picket is over plus the retention period. Counts stay as they are.
 */
export async function runPrivacySweep(db: D1Database, now: number): Promise<PrivacySweep> {
  const pendingBefore = now - PENDING_GRACE_DAYS * DAY;
  const linkMail = {
    sql: (expired: string) => `DELETE FROM outbox WHERE ${LINK_MAIL} AND (signature_id IN (${expired}) OR (status <> 'pending' AND created_at < ?2))`,
    params: [now - DAY],
  };
  // By windows of ids (privacy-windows.ts): each run reads what has aged since the last.
  const signatures = [...dropIpStatements(now - IP_RETENTION_DAYS * DAY, now), ...pendingStatements(pendingBefore, now, linkMail)];
  const [ips, , , pending] = await runBatch(db, signatures);
  const [, anonymised, mails, sessions, , slots, webhooks, , replyTos, attendees] = await db.batch([
    // A supporter's receipt holds their address: like link mail, kept a day once it went.
    db.prepare(`DELETE FROM outbox WHERE kind = 'receipt' AND status <> 'pending' AND created_at < ?1`).bind(now - DAY),
    // Through the campaign's own index: a row already anonymised (inbox NULL) is not read again.
    db
      .prepare(
        `UPDATE signatures SET email = NULL, inbox = NULL, name = '', city = '', message = NULL, ip_hash = NULL, public = 0,
           updates_consent = NULL, updated_at = ?1
         WHERE inbox IS NOT NULL AND (email IS NOT NULL OR name <> '' OR updates_consent IS NOT NULL)
           AND campaign_id IN (
             SELECT id FROM campaigns
             WHERE status = 'closed' AND closed_at IS NOT NULL
               AND closed_at + json_extract(settings, '$.privacy.retentionDays') * ?2 < ?1)`,
      )
      .bind(now, DAY),
    // Sent mail keeps no words (digests carry names and messages) and no supporter's
    // address (a forward's Reply-To) after a while. Forwards never stored words (NULL); mail
    // with an HTML body has a text one; the kinds deleted within the 30 days (link mail,
    // receipts, updates, picket mail) are left to that. Each statement one range of its index
    // (migrations/0032).
    db
      .prepare(
        `UPDATE outbox SET text_body = '', html_body = iif(html_body IS NULL, NULL, ''), reply_to = NULL
         WHERE status = 'sent' AND text_body <> '' AND substr(idempotency_key, 1, 2) <> 'i:'
           AND kind <> 'receipt' AND kind <> 'update' AND kind <> 'picket-reminder' AND kind <> 'picket-notice' AND sent_at < ?1`,
      )
      .bind(now - SENT_MAIL_RETENTION_DAYS * DAY),
    db.prepare('DELETE FROM sessions WHERE expires_at < ?1').bind(now),
    db.prepare('DELETE FROM login_links WHERE expires_at < ?1').bind(now - DAY),
    // A send slot in the past schedules nothing (the next message takes max(slot, now)).
    db.prepare('DELETE FROM mail_slots WHERE next_at < ?1').bind(now),
    db.prepare('DELETE FROM webhook_events WHERE received_at < ?1').bind(now - WEBHOOK_ID_RETENTION_DAYS * DAY),
    // A supporter's copy of an update holds their address: gone once it is 30 days old.
    db.prepare(`DELETE FROM outbox WHERE kind = 'update' AND status <> 'pending' AND created_at < ?1`).bind(now - SENT_MAIL_RETENTION_DAYS * DAY),
    db
      .prepare(`UPDATE outbox SET reply_to = NULL WHERE status = 'sent' AND reply_to IS NOT NULL AND sent_at < ?1`)
      .bind(now - SENT_MAIL_RETENTION_DAYS * DAY),
    // Pickets' attendees, after the picket plus the campaign's retention (issue 18).
    ...picketPrivacyStatements(db, now),
  ]);
  return {
    ipHashesDropped: ips?.meta.changes ?? 0,
    pendingDeleted: pending?.meta.changes ?? 0,
    anonymised: anonymised?.meta.changes ?? 0,
    sessionsDeleted: sessions?.meta.changes ?? 0,
    mailsBlanked: (mails?.meta.changes ?? 0) + (replyTos?.meta.changes ?? 0),
    slotsPruned: slots?.meta.changes ?? 0,
    webhookIdsPruned: webhooks?.meta.changes ?? 0,
    attendeesErased: attendees?.meta.changes ?? 0,
  };
}
