import { type Campaign, getCampaign, listTargets, type Target } from './campaigns';

/** How long an isolate trusts what it read of a campaign: an edit or a close shows within this. */
export const CAMPAIGN_CACHE_MS = 5_000;

export type CachedCampaign = { campaign: Campaign; targets: Target[] };

const entries = new Map<string, { until: number; value: Promise<CachedCampaign | null> }>();

/**
 * A campaign and its active targets, from this isolate's memory for a few seconds, so the
 * surge path reads them from D1 once per isolate every few seconds, not once per request.
 * Writes never trust it alone: the signing batch checks again in SQL that the campaign is
 * open and the target is one of its own.
 */
export function cachedCampaign(db: D1Database, slug: string, now = Date.now()): Promise<CachedCampaign | null> {
  const hit = entries.get(slug);
  if (hit && hit.until > now) return hit.value;
  const value = (async () => {
    const campaign = await getCampaign(db, slug);
    return campaign ? { campaign, targets: await listTargets(db, campaign.id) } : null;
  })();
  // A failed read is not remembered.
  value.catch(() => entries.delete(slug));
  entries.set(slug, { until: now + CAMPAIGN_CACHE_MS, value });
  if (entries.size > 500) entries.delete(entries.keys().next().value ?? '');
  return value;
}

/** Drops this isolate's copy of a campaign after an edit, so the editor's own isolate shows it at once. */
export function forgetCachedCampaign(slug: string): void {
  entries.delete(slug);
}
