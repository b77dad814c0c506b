import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { LOCALES, type Locale } from '../i18n/index';
import { toHex } from '../lib/crypto';
import { waitUntil } from './context';

/** For browsers and CDNs: fresh for a few seconds, then served stale while one request refreshes it. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

// For our own copy in the Cache API: no stale-while-revalidate, since nothing would ever
// revalidate it there (a cache honouring it would serve a stale count for 35 s).
const EDGE_CACHE_CONTROL = 'public, max-age=5';

/** What a public, cacheable endpoint produces; null means "no such campaign". */
export type PublicBody = { body: string; contentType: string };

async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(body));
  return `"${toHex(digest).slice(0, 24)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function defaultCache(): Cache | null {
  // Absent outside workerd (and harmlessly present but local in `wrangler dev`).
  return typeof caches === 'undefined' ? null : caches.default;
}

/**
 * Serves a public body that thousands of pages may poll (in `lang` when its body depends on one): from the edge cache when fresh,
 * else built (one D1 row) and put in the cache. Adds `Cache-Control`, a content `ETag`,
 * and answers 304 to a matching `If-None-Match`. CORS headers come from the route.
 */
export async function servePublic(c: Context<AppEnv>, build: () => Promise<PublicBody | null>, lang?: Locale): Promise<Response> {
  const cache = defaultCache();
  const key = cacheKey(c, new URL(c.req.url).pathname, lang);
  let hit: Response | undefined;
  try {
    hit = await cache?.match(key);
  } catch (err) {
    console.warn('cache: match failed, reading D1', err);
  }
  let body: string;
  let contentType: string;
  let etag: string;
  if (hit) {
    body = await hit.text();
    contentType = hit.headers.get('Content-Type') ?? 'application/octet-stream';
    etag = hit.headers.get('ETag') ?? (await etagOf(body));
  } else {
    const built = await build();
    if (!built) throw new AppError('not_found', 'error.noCampaignSlug');
    ({ body, contentType } = built);
    etag = await etagOf(body);
    const stored = new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': EDGE_CACHE_CONTROL, ETag: etag } });
    if (cache) waitUntil(c, cache.put(key, stored).catch((err: unknown) => console.warn('cache: put failed', err)));
  }
  const headers = { 'Cache-Control': PUBLIC_CACHE_CONTROL, ETag: etag, 'X-Cache': hit ? 'HIT' : 'MISS' };
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': contentType });
}

/**
 * Keyed by path and the validated language only (when the body depends on it): neither one
 * client's conditional headers nor a made-up query string (a cache-buster aimed at D1)
 * may shape or bypass what everyone else gets.
 */
function cacheKey(c: Context<AppEnv>, path: string, lang?: Locale): Request {
  const origin = new URL(c.req.url).origin;
  return new Request(`${origin}${path}${lang ? `?lang=${lang}` : ''}`, { method: 'GET' });
}


/**
 * Drops a campaign's cached public answers here, after a change the count does not show
 * (moderation). Other Cloudflare locations let their copies expire within max-age.
 */
export async function purgePublic(c: Context<AppEnv>, slug: string): Promise<void> {
  const cache = defaultCache();
  if (!cache) return;
  const paths = [`/api/campaigns/${slug}/messages`, `/api/campaigns/${slug}/count`];
  const keys = paths.flatMap((p) => [cacheKey(c, p), ...LOCALES.map((l) => cacheKey(c, p, l))]);
  await Promise.all(keys.map((k) => cache.delete(k).catch(() => false)));
}
