import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { normaliseSource, sourceParam } from '../lib/source';

/**
 * The source of a form sent without the page script: the `?source=` (or UTM parts) of the
 * campaign page it was sent from. Same-origin, so under our Referrer-Policy
 * (strict-origin-when-cross-origin) the browser sends that page's full address; anything
 * else (another origin, another path, no Referer) gives none.
 */
export function refererSource(c: Context<AppEnv>, slug: string): string | null {
  const referer = c.req.header('referer');
  if (!referer || !URL.canParse(referer)) return null;
  const from = new URL(referer);
  if (from.origin !== new URL(c.req.url).origin || from.pathname !== `/c/${slug}`) return null;
  return normaliseSource(sourceParam(from.searchParams));
}
