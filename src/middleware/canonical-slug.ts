import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { rawPath, rawSearch } from '../lib/origin';

/** A slug as campaigns store it (the CHECK on campaigns.slug). */
const SLUG = /^[a-z0-9-]{2,64}$/;
/** Every path with a campaign slug as its third part: the prefix, the slug as sent, the rest. */
const WITH_SLUG = /^(\/c\/|\/api\/campaigns\/|\/api\/admin\/campaigns\/|\/admin\/campaigns\/)([^/]*)(.*)$/;

/** The stored form of a slug as sent (`zhanaozen%2Dsolidarity`, `ZHANAOZEN-SOLIDARITY`); null if none can be. */
function canonical(sent: string): string | null {
  try {
    const slug = decodeURIComponent(sent).toLowerCase();
    return SLUG.test(slug) ? slug : null;
  } catch {
    return null; // broken percent-encoding
  }
}

/**
 * One spelling per campaign URL: a slug sent in any other form (percent-encoded, upper
 * case) is sent on to its stored form (301, for GET and HEAD) or refused as unknown (404),
 * before anything reads D1 or the cache. Otherwise every spelling would miss the cache and
 * cost a database read.
 */
export const canonicalSlug = createMiddleware<AppEnv>(async (c, next) => {
  const m = WITH_SLUG.exec(rawPath(c.req.url));
  if (!m || SLUG.test(m[2] ?? '')) return next();
  const [, prefix = '', sent = '', rest = ''] = m;
  const slug = canonical(sent);
  if (slug && (c.req.method === 'GET' || c.req.method === 'HEAD')) return c.redirect(`${prefix}${slug}${rest}${rawSearch(c.req.url)}`, 301);
  throw new AppError('not_found', prefix.includes('admin') ? 'error.noCampaignSlug' : 'error.noCampaign');
});
