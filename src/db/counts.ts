import * as v from 'valibot';
import { nextGoal } from '../lib/goal';
import { DAY_MS } from '../lib/time';
import { cachedCampaign } from './campaign-cache';
import { localizeCampaign } from './localize';

export type CampaignCount = {
  slug: string;
  title: string;
  goal: number;
  /** Further goals once `goal` is passed (campaign file `milestones`), ascending. */
  milestones: number[];
  status: 'draft' | 'open' | 'closed';
  count: number;
  /** Confirmations on UTC day `todayDay` (days since the epoch); see migrations/0002. */
  today: number;
  todayDay: number;
  updatedAt: number;
};

type CountRow = {
  slug: string;
  title: string;
  goal: number;
  milestones: string;
  status: 'draft' | 'open' | 'closed';
  confirmed: number;
  today: number;
  today_day: number;
  updated_at: number;
};

const Milestones = v.array(v.number());

/**
 * The confirmed count of a campaign: one row read, whatever the number of signatures.
 * Returns the D1 meta too, so callers (and tests) can see what it cost.
 */
export async function getCount(db: D1Database, slug: string): Promise<{ count: CampaignCount | null; meta: D1Meta }> {
  const { results, meta } = await db
    .prepare('SELECT slug, title, goal, milestones, status, confirmed, today, today_day, updated_at FROM campaign_counts WHERE slug = ?1')
    .bind(slug)
    .all<CountRow>();
  // A draft has no public count: to the count, the widget and the embeds it does not exist.
  const row = results[0]?.status === 'draft' ? undefined : results[0];
  const count = row
    ? {
        slug: row.slug,
        title: row.title,
        goal: row.goal,
        milestones: v.parse(Milestones, JSON.parse(row.milestones)),
        status: row.status,
        count: row.confirmed,
        today: row.today,
        todayDay: row.today_day,
        updatedAt: row.updated_at,
      }
    : null;
  return { count, meta };
}

/**
 * The count endpoint's body (also what the widget, iframe and badge show); `today` counts
 * the confirmations of the current UTC day.
 */
export type PublicCount = { slug: string; title: string; count: number; goal: number; nextGoal: number; today: number; updatedAt: string };

/** A counts row as the public sees it, at `now` (a tally of an earlier day is 0 today). */
export function publicCount(c: CampaignCount, now = Date.now()): PublicCount {
  return {
    slug: c.slug,
    title: c.title,
    count: c.count,
    goal: c.goal,
    nextGoal: nextGoal(c.count, c.goal, c.milestones),
    today: c.todayDay === Math.floor(now / DAY_MS) ? c.today : 0,
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/** The public count with the campaign's title in `locale`; null for an unknown slug. */
export async function localizedCount(db: D1Database, slug: string, locale: string): Promise<PublicCount | null> {
  const { count } = await getCount(db, slug);
  if (!count) return null;
  const shown = publicCount(count);
  // The translated title from this isolate's copy of the campaign: the count stays one row.
  const cached = await cachedCampaign(db, slug);
  return cached ? { ...shown, title: localizeCampaign(cached.campaign, locale).title } : shown;
}
