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
 * The signatures this run looks at, as CTEs (?2 the latest created_at old enough, ?3 how
 * many ids at most): the ids after the cursor, in the order they were made in, up to the
 * first signature not yet 48 hours old and never past the newest id. Rowid ranges only:
 * no index is needed (signing pays nothing for reminders), an idle run reads a row or
 * two, a busy one at most ?3. Ids freed by deletions leave gaps that are simply skipped.
 */
const WINDOW = `WITH cur AS (SELECT coalesce((SELECT value FROM cron_cursors WHERE name = 'reminders'), 0) AS lo),
  young AS (SELECT id FROM signatures WHERE id > (SELECT lo FROM cur) AND id <= (SELECT lo FROM cur) + ?3 AND created_at > ?2
    ORDER BY id LIMIT 1),
  hi AS (SELECT min(coalesce((SELECT id FROM young) - 1, (SELECT lo FROM cur) + ?3), coalesce((SELECT max(id) FROM signatures), 0)) AS id),
  win AS (SELECT id FROM signatures WHERE id > (SELECT lo FROM cur) AND id <= (SELECT id FROM hi))`;

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
        SELECT 'reminders', (SELECT id FROM hi), ?1 WHERE (SELECT id FROM hi) >= (SELECT lo FROM cur)
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
