import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { LOCALES, type Locale } from '../i18n/index';
import { toHex } from '../lib/crypto';
import { originOf, rawPath } from '../lib/origin';
import { cacheWorksOn } from '../lib/platform-limits';
import { waitUntil } from './context';
import { type Copy, FRESH_MS, forget, kept, rechecked, remember, trusted } from './public-memo';

/** For browsers and CDNs: fresh for a few seconds, then served stale while one request refreshes it. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

// For our own copy in the Cache API: no stale-while-revalidate, since nothing would ever
// revalidate it there (a cache honouring it would serve a stale count for 35 s). Copies that
// may be served stale (pages) are kept longer and refreshed here, see `staleMs`.
const EDGE_CACHE_CONTROL = `public, max-age=${FRESH_MS / 1000}`;

/**
 * How a cached answer is keyed and kept: `lang` and `variant` (e.g. whether links carry the
 * language) shape the key; with `staleMs`, a copy older than a few seconds is still served
 * for that long while one request of this isolate builds the next in the background.
 */
export type CacheOptions = { lang?: Locale; variant?: string; staleMs?: number; browser?: 'revalidate' };

/**
 * For browsers, when they must ask every time (`browser: 'revalidate'`, pages): a copy of
 * ours answers the question cheaply with a 304, and a reload after a change shows it.
 */
const REVALIDATE_CACHE_CONTROL = 'public, no-cache';

/** Background rebuilds under way in this isolate, by cache key: one at a time each. */
const refreshing = new Map<string, Promise<void>>();

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

/**
 * The Cache API where it does something: absent outside workerd (and harmlessly present but
 * local in `wrangler dev`), and skipped on `*.workers.dev`, where every call does nothing
 * yet still counts as a subrequest. There this isolate's own copies are all there is.
 */
function defaultCache(url: string): Cache | null {
  if (typeof caches === 'undefined' || !cacheWorksOn(new URL(url).hostname)) return null;
  return caches.default;
}

/**
 * Serves a public body that thousands of pages may poll (in `lang` when its body depends on one): from the edge cache when fresh,
 * else built (one D1 row) and put in the cache. Adds `Cache-Control`, a content `ETag`,
 * and answers 304 to a matching `If-None-Match`. CORS headers come from the route.
 */
export async function servePublic(c: Context<AppEnv>, build: () => Promise<PublicBody | null>, options: CacheOptions = {}): Promise<Response> {
  const cache = defaultCache(c.req.url);
  const key = cacheKey(c, rawPath(c.req.url), options);
  let copy = await lookup(cache, key, options);
  if (copy && options.staleMs && Date.now() - copy.builtAt > FRESH_MS && !refreshing.has(key)) {
    const refresh = build()
      .then(async (built) => {
        if (!built) return;
        const etag = await etagOf(built.body);
        remember(key, { ...built, etag, builtAt: Date.now() }, options.staleMs);
        if (cache) await store(cache, key, built, options, etag);
      })
      .catch((err: unknown) => console.warn('cache: refresh failed', err))
      .finally(() => refreshing.delete(key));
    refreshing.set(key, refresh);
    waitUntil(c, refresh);
  }
  const hit = copy !== null;
  if (!copy) {
    const built = await build();
    if (!built) throw new AppError('not_found', 'error.noCampaignSlug');
    copy = { ...built, etag: await etagOf(built.body), builtAt: Date.now() };
    remember(key, copy, options.staleMs);
    if (cache) waitUntil(c, store(cache, key, built, options, copy.etag).catch((err: unknown) => console.warn('cache: put failed', err)));
  }
  const browser = options.browser === 'revalidate' ? REVALIDATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL;
  const headers = { 'Cache-Control': browser, ETag: copy.etag, 'X-Cache': hit ? 'HIT' : 'MISS' };
  if (matches(c.req.header('If-None-Match'), copy.etag)) return c.body(null, 304, headers);
  return c.body(copy.body, 200, { ...headers, 'Content-Type': copy.contentType });
}

/** The copy in this isolate's memory, else in this location's cache; null when neither has one. */
async function lookup(cache: Cache | null, key: string, options: CacheOptions): Promise<Copy | null> {
  if (trusted(key, cache !== null)) return kept(key);
  const mine = kept(key);
  let hit: Response | undefined;
  try {
    hit = await cache?.match(key);
  } catch (err) {
    console.warn('cache: match failed, reading D1', err);
  }
  if (!hit) {
    rechecked(key);
    return mine;
  }
  const body = await hit.text();
  const copy = {
    body,
    contentType: hit.headers.get('Content-Type') ?? 'application/octet-stream',
    etag: hit.headers.get('ETag') ?? (await etagOf(body)),
    builtAt: Number(hit.headers.get('X-Built-At') ?? 0),
  };
  if (mine && mine.builtAt > copy.builtAt) {
    rechecked(key);
    return mine;
  }
  remember(key, copy, options.staleMs);
  return copy;
}

/** Puts a built answer in this location's cache, with when it was built. */
async function store(cache: Cache, key: string, built: PublicBody, options: CacheOptions, etag?: string): Promise<void> {
  const keep = options.staleMs ? `public, max-age=${Math.ceil((FRESH_MS + options.staleMs) / 1000)}` : EDGE_CACHE_CONTROL;
  const headers = { 'Content-Type': built.contentType, 'Cache-Control': keep, ETag: etag ?? (await etagOf(built.body)), 'X-Built-At': String(Date.now()) };
  await cache.put(key, new Response(built.body, { headers }));
}

/**
 * Keyed by path, the validated language and variant only (when the body depends on them):
 * neither one client's conditional headers nor a made-up query string (a cache-buster
 * aimed at D1) may shape or bypass what everyone else gets.
 */
function cacheKey(c: Context<AppEnv>, path: string, { lang, variant }: CacheOptions = {}): string {
  const query = lang && variant ? `?lang=${lang}&v=${variant}` : lang ? `?lang=${lang}` : variant ? `?v=${variant}` : '';
  return `${originOf(c.req.url)}${path}${query}`;
}


/** The campaign page's cache variants: links carrying `?lang=` or not. */
export const PAGE_VARIANTS = ['plain', 'lang'] as const;

/**
 * Drops a campaign's cached public answers here (its page in every language, the count,
 * the wall), after a change the count does not show (moderation). Other Cloudflare
 * locations let their copies expire within their max-age.
 */
export async function purgePublic(c: Context<AppEnv>, slug: string): Promise<void> {
  const cache = defaultCache(c.req.url);
  const paths = [`/api/campaigns/${slug}/messages`, `/api/campaigns/${slug}/count`];
  const keys = [
    ...paths.flatMap((p) => [cacheKey(c, p), ...LOCALES.map((lang) => cacheKey(c, p, { lang }))]),
    ...LOCALES.flatMap((lang) => PAGE_VARIANTS.map((variant) => cacheKey(c, `/c/${slug}`, { lang, variant }))),
  ];
  forget(keys);
  if (!cache) return;
  await Promise.all(keys.map((k) => cache.delete(k).catch(() => false)));
}
