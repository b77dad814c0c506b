import { DAY_MS } from '../lib/time';
/** One confirmed message, as listed in a daily digest. */
export type DigestEntry = { name: string; city: string; country: string; message: string | null; email: string | null; confirmedAt: number };


/** Campaigns that forward their messages as a daily digest. */
export async function listDigestCampaignSlugs(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare(`SELECT slug FROM campaigns WHERE forward_mode = 'digest' ORDER BY id`).all<{ slug: string }>();
  return results.map((r) => r.slug);
}

/**
 * UTC days in [from, to) with confirmed messages and no digest enqueued yet, as the
 * epoch ms of each day's start. `keyPrefix` + `YYYY-MM-DD` is the digest's key.
 */
export async function daysWithoutDigest(db: D1Database, campaignId: number, from: number, to: number, keyPrefix: string): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT confirmed_at / ${DAY_MS} AS day FROM signatures
       WHERE campaign_id = ?1 AND status = 'confirmed' AND confirmed_at >= ?2 AND confirmed_at < ?3
       GROUP BY day
       HAVING NOT EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = ?4 || date(day * ${DAY_MS / 1000}, 'unixepoch'))
       ORDER BY day`,
    )
    .bind(campaignId, from, to, keyPrefix)
    .all<{ day: number }>();
  return results.map((r) => r.day * DAY_MS);
}

/** The messages confirmed in [start, end), oldest first; the address only where the supporter allowed replies. */
export async function listConfirmedBetween(db: D1Database, campaignId: number, start: number, end: number, limit: number): Promise<DigestEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT name, city, country, message, CASE WHEN reply_to_ok = 1 THEN email END AS email, confirmed_at AS confirmedAt
       FROM signatures
       WHERE campaign_id = ?1 AND status = 'confirmed' AND confirmed_at >= ?2 AND confirmed_at < ?3
       ORDER BY confirmed_at, id LIMIT ?4`,
    )
    .bind(campaignId, start, end, limit)
    .all<DigestEntry>();
  return results;
}

/** How many messages were confirmed in [start, end). */
export async function countConfirmedBetween(db: D1Database, campaignId: number, start: number, end: number): Promise<number> {
  const row = await db
    .prepare(`SELECT count(*) AS n FROM signatures WHERE campaign_id = ?1 AND status = 'confirmed' AND confirmed_at >= ?2 AND confirmed_at < ?3`)
    .bind(campaignId, start, end)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
