import { inboxCapSql } from './outbox';
import { runBatch, type Statement } from './statements';

const HOUR_MS = 3_600_000;
/** A signature still pending this long after it was made gets its one reminder. */
export const REMINDER_AFTER_MS = 48 * HOUR_MS;
/** Only while its link works at least this much longer (signing gives it 7 days). */
export const REMINDER_LINK_LEFT_MS = 24 * HOUR_MS;
/** Signatures one cron run looks at, at most: the cost of a run stays bounded in a surge. */
export const REMINDERS_PER_RUN = 500;

/**
 * The signatures this run looks at, as CTEs (?1 now, ?2 the latest created_at old enough,
 * ?3 how many): those after the cursor, in id order (the order they were made in), up to
 * the first one not yet 48 hours old. Reads the rowid range only: no index is needed, so
 * signing pays nothing for reminders.
 */
const WINDOW = `WITH cur AS (SELECT coalesce((SELECT value FROM cron_cursors WHERE name = 'reminders'), 0) AS lo),
  young AS (SELECT coalesce(
    (SELECT id FROM (SELECT id, created_at FROM signatures WHERE id > (SELECT lo FROM cur) ORDER BY id LIMIT ?3) WHERE created_at > ?2 LIMIT 1),
    9007199254740991) AS id),
  win AS (SELECT id FROM signatures WHERE id > (SELECT lo FROM cur) AND id < (SELECT id FROM young) ORDER BY id LIMIT ?3)`;

/**
 * The reminders of one run, as one batch: a reminder (link mail to the inbox, rendered
 * from the signature when it goes) for each signature of the window that is still pending
 * in an open campaign that sends reminders, whose link still works a day longer, and whose
 * inbox is under its hourly cap of link mail (one per inbox per run, so the cap holds
 * exactly); then the cursor moves past the window, in the same transaction. A signature is
 * in one window only, so it gets at most one reminder, whatever runs in parallel; one the
 * cap held back gets none. An inbox that said "this wasn't me" has no signature left to
 * remind (db/not-me.ts erases it, and signing stores none for it). The first statement's
 * changes are the reminders enqueued.
 */
export function reminderStatements(now: number, limit = REMINDERS_PER_RUN): Statement[] {
  const window = [now, now - REMINDER_AFTER_MS, limit];
  return [
    {
      sql: `${WINDOW},
          due AS (
            SELECT s.id, s.inbox, s.email, s.campaign_id, c.sender_name FROM win JOIN signatures s ON s.id = win.id
              JOIN campaigns c ON c.id = s.campaign_id
            WHERE s.status = 'pending' AND s.email IS NOT NULL AND s.inbox IS NOT NULL AND s.token_expires_at > ?1 + ?4
              AND c.status = 'open' AND coalesce(json_extract(c.settings, '$.reminder'), 1) = 1),
          one AS (SELECT min(id) AS id FROM due GROUP BY inbox)
        INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, next_attempt_at, created_at)
        SELECT 'i:' || d.inbox || ' ' || printf('%015d', ?1) || '.r' || d.id, 'reminder', d.campaign_id, d.id, d.sender_name,
          json_array(d.email), ?1, ?1
        FROM due d WHERE d.id IN (SELECT id FROM one) AND ${inboxCapSql('d.inbox', '?1')}
        ON CONFLICT DO NOTHING`,
      params: [...window, REMINDER_LINK_LEFT_MS],
    },
    {
      sql: `${WINDOW}
        INSERT INTO cron_cursors (name, value, updated_at)
        SELECT 'reminders', coalesce((SELECT max(id) FROM win), (SELECT lo FROM cur)), ?1 WHERE true
        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        WHERE cron_cursors.value < excluded.value`,
      params: window,
    },
  ];
}

/** Enqueues the reminders that are due (run by the cron); returns how many. */
export async function enqueueReminders(db: D1Database, now: number, limit = REMINDERS_PER_RUN): Promise<number> {
  const [reminders] = await runBatch(db, reminderStatements(now, limit));
  return reminders?.meta.changes ?? 0;
}
