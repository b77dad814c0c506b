import type { SignatureStatus } from './signatures';
import { DAY_MS } from '../lib/time';
import type { MessageFilter } from '../schemas/moderation';

export type StatusCounts = Record<SignatureStatus, number>;
export type DayCount = { day: string; count: number };
export type Tally = { key: string; label: string; count: number };

/** Everything the dashboard shows about signatures, read in one batch. */
export type CampaignStats = { status: StatusCounts; perDay: DayCount[]; byCountry: Tally[]; byTarget: Tally[] };


/** Counts by status, confirmed per day over the last `days` days, and confirmed by country and target. */
export async function campaignStats(db: D1Database, campaignId: number, now: number, days = 30): Promise<CampaignStats> {
  const since = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const [status, perDay, byCountry, byTarget] = await db.batch([
    db.prepare('SELECT status AS key, count(*) AS count FROM signatures WHERE campaign_id = ?1 GROUP BY status').bind(campaignId),
    db
      .prepare(
        `SELECT date(confirmed_at / 1000, 'unixepoch') AS day, count(*) AS count FROM signatures
         WHERE campaign_id = ?1 AND status = 'confirmed' AND confirmed_at >= ?2
         GROUP BY day ORDER BY day`,
      )
      .bind(campaignId, since),
    db
      .prepare(
        `SELECT country AS key, country AS label, count(*) AS count FROM signatures
         WHERE campaign_id = ?1 AND status = 'confirmed'
         GROUP BY country ORDER BY count DESC, country LIMIT 25`,
      )
      .bind(campaignId),
    db
      .prepare(
        `SELECT coalesce(t.key, '') AS key, coalesce(t.name, 'No target (campaign only)') AS label, count(*) AS count
         FROM signatures s LEFT JOIN targets t ON t.id = s.target_id
         WHERE s.campaign_id = ?1 AND s.status = 'confirmed'
         GROUP BY s.target_id ORDER BY count DESC, label LIMIT 25`,
      )
      .bind(campaignId),
  ]);
  const counts: StatusCounts = { pending: 0, confirmed: 0, withdrawn: 0, spam: 0 };
  for (const row of (status?.results ?? []) as { key: SignatureStatus; count: number }[]) counts[row.key] = row.count;
  const found = new Map(((perDay?.results ?? []) as DayCount[]).map((r) => [r.day, r.count]));
  // Every day of the window, zeros included, so the chart's x-axis is time.
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(since + i * DAY_MS).toISOString().slice(0, 10);
    return { day, count: found.get(day) ?? 0 };
  });
  return {
    status: counts,
    perDay: series,
    byCountry: (byCountry?.results ?? []) as Tally[],
    byTarget: (byTarget?.results ?? []) as Tally[],
  };
}

/** How many hex digits of the keyed IP hash the dashboard shows: enough to tell networks apart, never the IP. */
export const NETWORK_PREFIX = 12;

/**
 * A signature as the moderation list shows it. Emails stay out (moderators judge messages);
 * only the domain, and the start of the IP hash, so that a flood can be marked as spam together.
 */
export type ModerationItem = {
  id: number;
  status: SignatureStatus;
  moderation: 'unreviewed' | 'approved' | 'hidden';
  name: string;
  city: string;
  country: string;
  message: string;
  public: number;
  createdAt: number;
  domain: string | null;
  network: string | null;
};

/**
 * Each filter's condition. `shown` is what the public wall shows (signature-reads.ts):
 * confirmed, made public by the supporter, and approved (or, under show-first, not yet
 * reviewed).
 */
function filterSql(filter: MessageFilter, mode: ModerationMode): string {
  switch (filter) {
    case 'all': return `status IN ('pending', 'confirmed', 'spam')`;
    case 'unreviewed': return `status IN ('pending', 'confirmed') AND moderation = 'unreviewed'`;
    case 'shown': return `status = 'confirmed' AND public = 1 AND moderation IN (${mode === 'show-first' ? `'approved', 'unreviewed'` : `'approved'`})`;
    case 'hidden': return `status IN ('pending', 'confirmed') AND moderation = 'hidden'`;
    case 'spam': return `status = 'spam'`;
  }
}

/** The campaign file's `moderation`. */
export type ModerationMode = 'show-first' | 'approve-first';

/**
 * The moderation page's query: signatures with a message, newest first, before an id (?2,
 * NULL for the newest). A range of the table's own key read backwards from ?2 (the unary
 * `+` keeps SQLite off the campaign's index, which would sort), so a page costs the same on
 * page 1 or page 3,000, and no index is kept for it (signing would pay for one).
 */
export function moderationPageSql(filter: MessageFilter, mode: ModerationMode): string {
  return `SELECT id, status, moderation, name, city, country, message, public, created_at AS createdAt,
         substr(email, instr(email, '@') + 1) AS domain, substr(ip_hash, 1, ?4) AS network
       FROM signatures
       WHERE +campaign_id = ?1 AND ${filterSql(filter, mode)} AND message IS NOT NULL AND message <> ''
         AND id < coalesce(?2, 9007199254740991)
       ORDER BY id DESC LIMIT ?3`;
}

/** One keyset page of the moderation list (`before` an id), filtered. */
export async function listForModeration(
  db: D1Database,
  campaignId: number,
  before: number | null,
  limit = 30,
  filter: MessageFilter = 'all',
  mode: ModerationMode = 'show-first',
): Promise<ModerationItem[]> {
  const { results } = await db.prepare(moderationPageSql(filter, mode)).bind(campaignId, before, limit, NETWORK_PREFIX).all<ModerationItem>();
  return results;
}
