import type { ModerationMode } from './dashboard';
import { type ModerationAction, moderationStatements } from './moderation';
import { runBatch } from './statements';

/** What a moderation batch did: how many signatures it changed, and how many of the chosen are on the public wall now. */
export type ModerationOutcome = { changed: number; onWall: number };

/**
 * One action on several signatures, as one batch: each through the same statements (and
 * moderation_log row) as a single action, so a bulk action is exactly that many single
 * ones, all or none. Each one's log row tells whether it applied. The last statement
 * counts which of them the wall shows afterwards (as signature-reads.ts decides), so the
 * answer says what happened on the public page, not only what was pressed. It looks the
 * chosen up by id (the unary + keeps SQLite off the wall's index, which would read the
 * campaign's whole wall).
 */
export async function moderateMany(
  db: D1Database,
  campaignId: number,
  ids: readonly number[],
  action: ModerationAction,
  mode: ModerationMode,
  actor: string,
  now: number,
): Promise<ModerationOutcome> {
  const unique = [...new Set(ids)];
  const groups = unique.map((id) => moderationStatements(campaignId, id, action, actor, now));
  const results = await runBatch(db, [
    ...groups.flat(),
    {
      sql: `SELECT count(*) AS onWall FROM signatures
            WHERE +campaign_id = ?1 AND id IN (SELECT value FROM json_each(?2)) AND status = 'confirmed' AND public = 1
              AND message IS NOT NULL AND message <> ''
              AND (moderation = 'approved' OR (?3 = 'show-first' AND moderation = 'unreviewed'))`,
      params: [campaignId, JSON.stringify(unique), mode],
    },
  ]);
  // Each group's first statement is its log row, written only when the action applies.
  let at = 0;
  let changed = 0;
  for (const group of groups) {
    if (results[at]?.meta.changes) changed++;
    at += group.length;
  }
  const onWall = (results.at(-1)?.results[0] as { onWall: number } | undefined)?.onWall ?? 0;
  return { changed, onWall };
}
