import { DAY_MS as DAY } from '../lib/time';

/** Unconfirmed "I'll be there" rows are deleted this long after their link expired (as signatures are). */
const PENDING_GRACE_DAYS = 7;

/**
 * The privacy sweep's picket statements (run in its batch; the first's changes are the
 * attendees erased): attendees are deleted once their picket is over plus the campaign's
 * retention period, unconfirmed ones a week after their link expired; reminders and notices
 * (they hold an address) a day after they went, as link mail is.
 */
export function picketPrivacyStatements(db: D1Database, now: number): D1PreparedStatement[] {
  return [
    db.prepare(
      `DELETE FROM picket_attendees WHERE picket_id IN (
         SELECT p.id FROM pickets p JOIN campaigns c ON c.id = p.campaign_id
         WHERE p.ends_at + coalesce(json_extract(c.settings, '$.privacy.retentionDays'), 365) * ?2 < ?1)`,
    ).bind(now, DAY),
    db.prepare(`DELETE FROM picket_attendees WHERE status = 'pending' AND token_expires_at < ?1`).bind(now - PENDING_GRACE_DAYS * DAY),
    db.prepare(`DELETE FROM outbox WHERE (kind = 'picket-reminder' OR kind = 'picket-notice') AND status <> 'pending' AND created_at < ?1`).bind(now - DAY),
  ];
}
