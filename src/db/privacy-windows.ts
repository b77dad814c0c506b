import type { Statement } from './statements';

/**
 * The daily sweep's work on signatures by windows of ids (issue 25): ids grow with
 * created_at, so what has aged past a date is a range of ids from a cursor up to the
 * first row that has not, found by reading from the cursor. A run reads what it changes,
 * plus SLACK rows past that first one (a row whose created_at was set by hand out of order,
 * as tests do, is still taken when it is that near), never the table. No index is kept
 * for it: signing pays nothing.
 */
const SLACK = 1000;
/** Most rows one run takes; what is left waits for the next run. */
export const PRIVACY_STEP = 200_000;

/**
 * `cur`: the cursor; `stop`: the first id past it where the sweep must stop (`blocks` is
 * true of that row), or the newest id; `hi`: the window's end, SLACK past it.
 */
function window(name: string, blocks: string): string {
  return `WITH cur AS (SELECT coalesce((SELECT value FROM cron_cursors WHERE name = '${name}'), 0) AS lo),
    stop AS (SELECT min(coalesce((SELECT id FROM signatures WHERE id > (SELECT lo FROM cur) AND ${blocks} ORDER BY id LIMIT 1),
      (SELECT coalesce(max(id), 0) + 1 FROM signatures)), (SELECT lo FROM cur) + ${PRIVACY_STEP}) AS id),
    hi AS (SELECT (SELECT id FROM stop) - 1 + ${SLACK} AS id)`;
}

/** The cursor moves to just before the row that stopped the window. */
function advance(name: string, blocks: string, paramsFrom: number): Statement['sql'] {
  return `${window(name, blocks)}
    INSERT INTO cron_cursors (name, value, updated_at) SELECT '${name}', (SELECT id FROM stop) - 1, ?${paramsFrom}
    WHERE (SELECT id FROM stop) - 1 > (SELECT lo FROM cur)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE cron_cursors.value < excluded.value`;
}

const IPS_YOUNG = `created_at >= ?1`;
// A pending signature whose link still works (or was renewed) holds the window back.
const PENDING_LIVE = `status = 'pending' AND token_expires_at >= ?1`;
const IN_WINDOW = `id > (SELECT lo FROM cur) AND id <= (SELECT id FROM hi)`;

/** IP hashes of signatures made before ?1 are dropped; ?2 is now. */
export function dropIpStatements(before: number, now: number): Statement[] {
  return [
    {
      sql: `${window('privacy-ips', IPS_YOUNG)}
        UPDATE signatures SET ip_hash = NULL WHERE ${IN_WINDOW} AND ip_hash IS NOT NULL AND created_at < ?1`,
      params: [before],
    },
    { sql: advance('privacy-ips', IPS_YOUNG, 2), params: [before, now] },
  ];
}

/**
 * The pending signatures whose link expired before ?1 are deleted, and first their link
 * mail (`mail`: a statement given the ids' subquery, its own parameters from ?2); `now` dates the cursor.
 */
export function pendingStatements(before: number, now: number, mail: { sql: (ids: string) => string; params: (string | number)[] }): Statement[] {
  const expired = `SELECT id FROM signatures WHERE ${IN_WINDOW} AND status = 'pending' AND token_expires_at < ?1`;
  return [
    { sql: `${window('privacy-pending', PENDING_LIVE)} ${mail.sql(expired)}`, params: [before, ...mail.params] },
    { sql: `${window('privacy-pending', PENDING_LIVE)} DELETE FROM signatures WHERE id IN (${expired})`, params: [before] },
    { sql: advance('privacy-pending', PENDING_LIVE, 2), params: [before, now] },
  ];
}
