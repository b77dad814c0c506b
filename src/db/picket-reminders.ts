import { DAY_MS } from '../lib/time';

/** Reminders go this long before a picket starts ("the day before"). */
export const REMINDER_LEAD_MS = DAY_MS;

// Planned pickets starting within the next day (index pickets_upcoming), attendees not yet reminded of this version.
const DUE = `p.status = 'planned' AND p.starts_at > ?1 AND p.starts_at <= ?1 + ${REMINDER_LEAD_MS}`;

/**
 * One batch, from the cron: a reminder to each confirmed attendee of a picket starting within
 * a day, keyed `p<picket>:a<attendee>:remind:v<version>`, then each marked as reminded of that
 * version. Exactly once: the key cannot be enqueued twice, and the mark (same transaction)
 * keeps the next minute's run from even trying; a moved picket (new version) reminds again.
 * Returns how many reminders were enqueued.
 */
export async function enqueuePicketReminders(db: D1Database, now: number): Promise<number> {
  const [enqueued] = await db.batch([
    db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, campaign_id, from_name, to_addrs, next_attempt_at, created_at)
       SELECT 'p' || p.id || ':a' || a.id || ':remind:v' || p.version, 'picket-reminder', c.id, c.sender_name, json_array(a.email), ?1, ?1
       FROM pickets p JOIN campaigns c ON c.id = p.campaign_id JOIN picket_attendees a ON a.picket_id = p.id
       WHERE ${DUE} AND a.status = 'confirmed' AND a.email IS NOT NULL
         AND (a.reminded_version IS NULL OR a.reminded_version < p.version)
       ON CONFLICT DO NOTHING`,
    ).bind(now),
    db.prepare(
      `UPDATE picket_attendees SET reminded_version = (SELECT version FROM pickets WHERE id = picket_id)
       WHERE status = 'confirmed' AND picket_id IN (SELECT p.id FROM pickets p WHERE ${DUE})
         AND (reminded_version IS NULL OR reminded_version < (SELECT version FROM pickets WHERE id = picket_id))`,
    ).bind(now),
  ]);
  return enqueued?.meta.changes ?? 0;
}
