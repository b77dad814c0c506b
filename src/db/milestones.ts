import type { Statement } from './statements';

/**
 * A campaign's milestone mail is keyed `c<campaign>:milestone:<threshold>`: once per
 * threshold by the key, kept for good (the sweep blanks its words, never the row).
 */
export const milestoneKey = (campaignId: number, threshold: number) => `c${campaignId}:milestone:${threshold}`;

/** SQL: the highest threshold the campaign `campaignSql` was mailed about, or NULL. */
const mailedSql = (campaignSql: string) => {
  const prefix = `'c' || CAST(${campaignSql} AS INTEGER) || ':milestone:'`;
  return `(SELECT max(CAST(substr(o.idempotency_key, length(${prefix}) + 1) AS INTEGER)) FROM outbox o
    WHERE o.idempotency_key >= ${prefix} AND o.idempotency_key < 'c' || CAST(${campaignSql} AS INTEGER) || ':milestone;')`;
};

/** A campaign whose count reached a threshold (its goal or a milestone) above any it was mailed about. */
export type MilestoneDue = { campaignId: number; slug: string; confirmed: number; goal: number; milestones: number[]; threshold: number };

/**
 * Campaigns that send milestone mail, have organisers and reached a threshold higher than
 * the last one mailed: one row per campaign, read from the counts rows (one per campaign),
 * so the cron's look costs no write and nothing on any confirmation. Only the highest
 * threshold reached is due: a surge past two at once is one mail, and a count that falls
 * back below a threshold already passed mails nothing.
 */
export async function listMilestonesDue(db: D1Database): Promise<MilestoneDue[]> {
  const { results } = await db
    .prepare(
      `SELECT campaign_id, slug, confirmed, goal, milestones, threshold FROM (
         SELECT n.campaign_id, n.slug, n.confirmed, n.goal, n.milestones,
           (SELECT max(value) FROM (SELECT n.goal AS value UNION ALL SELECT value FROM json_each(n.milestones)) WHERE value <= n.confirmed) AS threshold,
           ${mailedSql('n.campaign_id')} AS mailed
         FROM campaign_counts n JOIN campaigns c ON c.id = n.campaign_id
         WHERE n.confirmed >= n.goal AND coalesce(json_extract(c.settings, '$.milestoneMail'), 1) = 1
           AND EXISTS (SELECT 1 FROM campaign_organisers WHERE campaign_id = n.campaign_id))
       WHERE threshold > coalesce(mailed, 0)
       ORDER BY campaign_id`,
    )
    .all<{ campaign_id: number; slug: string; confirmed: number; goal: number; milestones: string; threshold: number }>();
  return results.map((r) => ({
    campaignId: r.campaign_id,
    slug: r.slug,
    confirmed: r.confirmed,
    goal: r.goal,
    milestones: parseNumbers(r.milestones),
    threshold: r.threshold,
  }));
}

function parseNumbers(json: string): number[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((n): n is number => typeof n === 'number') : [];
}

/** A milestone email, written whole. */
export type MilestoneMail = { campaignId: number; threshold: number; subject: string; text: string; html: string };

/**
 * The statement that enqueues a milestone email to every organiser of the campaign (one
 * mail, the organisers as the file lists them now), unless this threshold or a higher
 * one was mailed already: parallel cron runs enqueue it once, by the key.
 */
export function milestoneStatement(mail: MilestoneMail, now: number): Statement {
  return {
    sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, from_name, to_addrs, subject, text_body, html_body, next_attempt_at, created_at)
          SELECT ?2, 'milestone', c.id, c.sender_name, (SELECT json_group_array(email) FROM campaign_organisers WHERE campaign_id = c.id),
            ?4, ?5, ?6, ?7, ?7
          FROM campaigns c
          WHERE c.id = ?1 AND EXISTS (SELECT 1 FROM campaign_organisers WHERE campaign_id = c.id)
            AND coalesce(${mailedSql('?1')}, 0) < ?3
          ON CONFLICT DO NOTHING`,
    params: [mail.campaignId, milestoneKey(mail.campaignId, mail.threshold), mail.threshold, mail.subject, mail.text, mail.html, now],
  };
}
