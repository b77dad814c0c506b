import { FOLLOW_UP_TARGET } from '../lib/ledger-hash';
import { parseTargetNames } from './campaigns';
import type { Statement } from './statements';

/** Open campaigns that follow up silent targets (campaign file `followUp`), a few per run. */
export async function followUpCampaigns(db: D1Database, limit = 20): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT slug FROM campaigns WHERE status = 'open' AND draft = 0 AND json_extract(settings, '$.followUp') IS NOT NULL ORDER BY id LIMIT ?1`)
    .bind(limit)
    .all<{ slug: string }>();
  return results.map((r) => r.slug);
}

/** An active target with what following it up needs: its answer so far and the last follow-up. */
export type FollowUpTarget = {
  id: number; key: string; name: string; names: Record<string, string>; email: string; locale: string | null;
  answered: boolean; followedUpAt: number | null;
};

/** A campaign's active targets with whether they answered (a marked status or any reply) and when last followed up. */
export async function followUpTargets(db: D1Database, campaignId: number): Promise<FollowUpTarget[]> {
  const { results } = await db
    .prepare(
      `SELECT t.id, t.key, t.name, t.names, t.email, t.locale, a.followed_up_at,
         coalesce(a.status, 'none') <> 'none' OR EXISTS (SELECT 1 FROM target_replies r WHERE r.campaign_id = t.campaign_id AND r.target_id = t.id) AS answered
       FROM targets t LEFT JOIN target_answers a ON a.target_id = t.id
       WHERE t.campaign_id = ?1 AND t.active = 1`,
    )
    .bind(campaignId)
    .all<{ id: number; key: string; name: string; names: string; email: string; locale: string | null; followed_up_at: number | null; answered: number }>();
  return results.map((r) => ({ ...r, names: parseTargetNames(r.names), answered: r.answered === 1, followedUpAt: r.followed_up_at }));
}

/** One follow-up letter, written whole. */
export type FollowUpLetter = { subject: string; text: string; html: string };

/**
 * A follow-up to one target: the letter into the outbox as a mail to that target (its
 * per-address throttle applies; delivered, it becomes a ledger leaf under FOLLOW_UP_TARGET),
 * and the time it was written on the target's answer row. One key per target and day.
 */
export function followUpStatements(campaignId: number, senderName: string, target: FollowUpTarget, letter: FollowUpLetter, receiptId: string, now: number): Statement[] {
  const day = new Date(now).toISOString().slice(0, 10);
  return [
    {
      sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, from_name, to_addrs, cc_addrs, subject, text_body, html_body,
              throttle_key, next_attempt_at, created_at, receipt_id, receipt_target)
            VALUES (?1, 'forward', ?2, ?3, json_array(?4), '[]', ?5, ?6, ?7, 'to:' || ?4, ?8, ?8, ?9, ?10)
            ON CONFLICT DO NOTHING`,
      params: [`c${campaignId}:f${target.id}:${day}`, campaignId, senderName, target.email, letter.subject, letter.text, letter.html, now, receiptId, FOLLOW_UP_TARGET],
    },
    {
      sql: `INSERT INTO target_answers (target_id, campaign_id, status, note, updated_at, followed_up_at) VALUES (?1, ?2, 'none', '', ?3, ?3)
            ON CONFLICT (target_id) DO UPDATE SET followed_up_at = excluded.followed_up_at`,
      params: [target.id, campaignId, now],
    },
  ];
}
