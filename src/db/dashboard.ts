import type { SignatureStatus } from './signatures';
import { DAY_MS } from '../lib/time';
import { freshTallies } from './tallies';
import type { MessageFilter } from '../schemas/moderation';

export type StatusCounts = Record<SignatureStatus, number>;
export type DayCount = { day: string; count: number };
export type Tally = { key: string; label: string; count: number };

/** Everything the dashboard shows about signatures, read in one batch. */
export type CampaignStats = { status: StatusCounts; perDay: DayCount[]; byCountry: Tally[]; byTarget: Tally[] };

/**
 * Counts by status, confirmed per day over the last `days` days, and confirmed by country
 * and target: from the summaries (db/tallies.ts), brought up to date by a bounded step
 * first, so the rows read are the days, countries and targets, whatever the campaign's size.
 */
export async function campaignStats(db: D1Database, campaignId: number, now: number, days = 30): Promise<CampaignStats> {
  await freshTallies(db, campaignId, now);
  const since = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const [status, perDay, byCountry, byTarget] = await db.batch([
    db.prepare(`SELECT key, signed, confirmed FROM signature_tallies WHERE campaign_id = ?1 AND dim = 'status'`).bind(campaignId),
    db
      .prepare(`SELECT key AS day, confirmed AS count FROM signature_tallies WHERE campaign_id = ?1 AND dim = 'confirmed' AND key >= ?2 ORDER BY key`)
      .bind(campaignId, isoDay(since)),
    db
      .prepare(
        `SELECT key, key AS label, confirmed AS count FROM signature_tallies
         WHERE campaign_id = ?1 AND dim = 'country' AND confirmed > 0 ORDER BY count DESC, key LIMIT 25`,
      )
      .bind(campaignId),
    db
      .prepare(
        `SELECT coalesce(t.key, '') AS key, coalesce(t.name, 'No target (campaign only)') AS label, g.confirmed AS count
         FROM signature_tallies g LEFT JOIN targets t ON t.id = CAST(nullif(g.key, '') AS INTEGER)
         WHERE g.campaign_id = ?1 AND g.dim = 'target' AND g.confirmed > 0 ORDER BY count DESC, label LIMIT 25`,
      )
      .bind(campaignId),
  ]);
  const found = new Map(((perDay?.results ?? []) as DayCount[]).map((r) => [r.day, r.count]));
  // Every day of the window, zeros included, so the chart's x-axis is time.
  const series = Array.from({ length: days }, (_, i) => {
    const day = isoDay(since + i * DAY_MS);
    return { day, count: found.get(day) ?? 0 };
  });
  return {
    status: statusCounts((status?.results ?? []) as TallyRow[]),
    perDay: series,
    byCountry: (byCountry?.results ?? []) as Tally[],
    byTarget: (byTarget?.results ?? []) as Tally[],
  };
}

export type TallyRow = { key: string; signed: number; confirmed: number };

/** The 'status' summaries: 'all' (signed = every signature, confirmed), withdrawn and spam; pending is the rest. */
export function statusCounts(rows: TallyRow[]): StatusCounts {
  const get = (key: string) => rows.find((r) => r.key === key);
  const all = get('all');
  const confirmed = all?.confirmed ?? 0;
  const withdrawn = get('withdrawn')?.signed ?? 0;
  const spam = get('spam')?.signed ?? 0;
  // A signature taken as confirmed before its arrival is: never below zero in between.
  return { pending: Math.max(0, (all?.signed ?? 0) - confirmed - withdrawn - spam), confirmed, withdrawn, spam };
}

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

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
