import type { AnswerStatus } from '../schemas/reply';
import type { Statement } from './statements';

/** Per target of a campaign: its marked status and note, and its replies (all, and published). */
export type TargetAnswer = {
  targetId: number;
  key: string;
  status: AnswerStatus;
  note: string;
  replies: number;
  published: number;
  lastReplyAt: number | null;
};

type Row = { target_id: number; key: string; status: AnswerStatus | null; note: string | null; replies: number; published: number; last_reply_at: number | null };

/**
 * Every target of a campaign with its answer: one row per target, the replies counted from
 * their own index (a campaign's replies, never its signatures). Dropped targets are listed
 * only when they have something to show.
 */
export async function targetAnswers(db: D1Database, campaignId: number): Promise<TargetAnswer[]> {
  const { results } = await db
    .prepare(
      `SELECT t.id AS target_id, t.key, a.status, a.note,
         (SELECT count(*) FROM target_replies r WHERE r.campaign_id = t.campaign_id AND r.target_id = t.id) AS replies,
         (SELECT count(*) FROM target_replies r WHERE r.campaign_id = t.campaign_id AND r.target_id = t.id AND r.published_at IS NOT NULL) AS published,
         (SELECT max(received_at) FROM target_replies r WHERE r.campaign_id = t.campaign_id AND r.target_id = t.id) AS last_reply_at
       FROM targets t LEFT JOIN target_answers a ON a.target_id = t.id
       WHERE t.campaign_id = ?1 AND (t.active = 1 OR a.status IS NOT NULL
         OR EXISTS (SELECT 1 FROM target_replies r WHERE r.campaign_id = t.campaign_id AND r.target_id = t.id))`,
    )
    .bind(campaignId)
    .all<Row>();
  return results.map((r) => ({
    targetId: r.target_id, key: r.key, status: r.status ?? 'none', note: r.note ?? '',
    replies: r.replies, published: r.published, lastReplyAt: r.last_reply_at,
  }));
}

/** Marks a target's status with a note (an organiser's word, kept apart from the replies). */
export function setAnswerStatement(campaignId: number, targetId: number, status: AnswerStatus, note: string, now: number): Statement {
  return {
    sql: `INSERT INTO target_answers (target_id, campaign_id, status, note, updated_at)
          SELECT id, campaign_id, ?3, ?4, ?5 FROM targets WHERE id = ?2 AND campaign_id = ?1
          ON CONFLICT (target_id) DO UPDATE SET status = excluded.status, note = excluded.note, updated_at = excluded.updated_at`,
    params: [campaignId, targetId, status, note, now],
  };
}

/** A target of the campaign by key (active or not), or null. */
export async function targetByKey(db: D1Database, campaignId: number, key: string): Promise<{ id: number; key: string; name: string } | null> {
  return db.prepare('SELECT id, key, name FROM targets WHERE campaign_id = ?1 AND key = ?2').bind(campaignId, key).first();
}
