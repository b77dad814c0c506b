import { getCampaign } from '../db/campaigns';
import { type CampaignCount, getCount } from '../db/counts';
import { localizeCampaign } from '../i18n/campaign';
import { DAY_MS } from './time';

/**
 * The goal to show: the campaign's own goal until it is reached, then the next milestone
 * above the count, then the next round number (1, 2, 5 × 10ⁿ) above it — so a bar that hit
 * 100% keeps something to grow toward. The original goal is kept and reported separately.
 */
export function nextGoal(count: number, goal: number, milestones: readonly number[]): number {
  if (count < goal) return goal;
  const milestone = milestones.filter((m) => m > count).sort((a, b) => a - b)[0];
  if (milestone !== undefined) return milestone;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(count, 1)));
  for (const factor of [1, 2, 5]) if (factor * magnitude > count) return factor * magnitude;
  return 10 * magnitude;
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
  const campaign = await getCampaign(db, slug);
  return campaign ? { ...shown, title: localizeCampaign(campaign, locale).title } : shown;
}
