import { signatureRangeSql } from './outbox';
import { restoredForwardStatements } from './signatures';
import { dropUpdateMailStatement } from './updates';
import type { Statement } from './statements';

export type ModerationAction = 'approve' | 'hide' | 'spam' | 'restore';

/**
 * Statements for one moderation action, as one batch. The log row is written first, from
 * the signature as it was, and only when the action applies: its `changes` tell the
 * caller whether anything happened. Spam is uncounted (the counts trigger) and its mail
 * not yet sent is dropped, so nothing more goes out in its name; what waited behind it
 * goes sooner, since budgets are spent when the drainer claims (nothing is re-spaced).
 */
export function moderationStatements(campaignId: number, signatureId: number, action: ModerationAction, actor: string, now: number): Statement[] {
  const applies = action === 'spam' ? `status IN ('pending', 'confirmed')` : action === 'restore' ? `status = 'spam'` : `status IN ('pending', 'confirmed', 'spam')`;
  const where = `id = ?1 AND campaign_id = ?2 AND ${applies}`;
  const statements: Statement[] = [
    {
      sql: `INSERT INTO moderation_log (campaign_id, signature_id, action, actor, previous, created_at)
            SELECT campaign_id, id, ?3, ?4, status || '/' || moderation, ?5 FROM signatures WHERE ${where}`,
      params: [signatureId, campaignId, action, actor, now],
    },
  ];
  if (action === 'restore') {
    statements.push(...restoreStatements(signatureId, campaignId, where, now));
  } else if (action === 'spam') {
    const drop: Statement[] = [
      {
        sql: `DELETE FROM outbox WHERE ${signatureRangeSql('?2', '?1')} AND status <> 'sent'
                AND EXISTS (SELECT 1 FROM signatures WHERE ${where})`,
        params: [signatureId, campaignId],
      },
      // Its copies of updates still waiting (keys of their own, by update).
      dropUpdateMailStatement('?1', `(SELECT campaign_id FROM signatures WHERE ${where})`, [signatureId, campaignId]),
      {
        sql: `UPDATE signatures SET status = 'spam', moderation = 'hidden', updated_at = ?3 WHERE ${where}`,
        params: [signatureId, campaignId, now],
      },
    ];
    statements.push(...drop);
  } else {
    statements.push({
      sql: `UPDATE signatures SET moderation = ?3, updated_at = ?4 WHERE ${where}`,
      params: [signatureId, campaignId, action === 'approve' ? 'approved' : 'hidden', now],
    });
  }
  return statements;
}

/**
 * Undoes "spam": the signature is pending or confirmed again (as its confirmation time says),
 * counted again by the trigger, its wall state as before the spam mark (its log row says),
 * and the forwards that the mark dropped are queued again.
 */
function restoreStatements(signatureId: number, campaignId: number, where: string, now: number): Statement[] {
  return [
    {
      sql: `UPDATE signatures SET status = iif(confirmed_at IS NULL, 'pending', 'confirmed'), updated_at = ?3,
              moderation = coalesce((SELECT substr(l.previous, instr(l.previous, '/') + 1) FROM moderation_log l
                WHERE l.signature_id = ?1 AND l.action = 'spam' AND l.previous LIKE '%/%' ORDER BY l.id DESC LIMIT 1), 'unreviewed')
            WHERE ${where}`,
      params: [signatureId, campaignId, now],
    },
    ...restoredForwardStatements(signatureId, now),
  ];
}

/**
 * Statements that put a campaign's dead messages back in the queue, logged. Mail in the name of a signature since withdrawn or
 * marked spam stays dead. Reads the dead messages only (the outbox_dead index).
 */
export function retryDeadStatements(campaignId: number, actor: string, now: number): Statement[] {
  const retryable = `campaign_id = ?1 AND status = 'dead'
    AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = outbox.signature_id AND s.status IN ('withdrawn', 'spam'))`;
  return [
    {
      sql: `INSERT INTO moderation_log (campaign_id, action, actor, previous, created_at)
            SELECT ?1, 'retry-dead', ?2, count(*) || ' dead', ?3 FROM outbox WHERE ${retryable} HAVING count(*) > 0`,
      params: [campaignId, actor, now],
    },
    {
      sql: `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2, batch_key = NULL,
              lease_id = NULL, lease_until = NULL
            WHERE ${retryable}`,
      params: [campaignId, now],
    },
  ];
}

export type LogEntry = { id: number; action: string; actor: string; signatureId: number | null; previous: string | null; createdAt: number };

/** The newest entries of a campaign's moderation log. */
export async function listModerationLog(db: D1Database, campaignId: number, limit = 20): Promise<LogEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT id, action, actor, signature_id AS signatureId, previous, created_at AS createdAt
       FROM moderation_log WHERE campaign_id = ?1 ORDER BY id DESC LIMIT ?2`,
    )
    .bind(campaignId, limit)
    .all<LogEntry>();
  return results;
}
