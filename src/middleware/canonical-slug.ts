import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { rawPath, rawSearch } from '../lib/origin';

/** A slug as campaigns store it (the CHECK on campaigns.slug). */
const SLUG = /^[a-z0-9-]{2,64}$/;
/** Every path with a campaign slug as its third part: the prefix, the slug as sent, the rest. */
const WITH_SLUG = /^(\/c\/|\/api\/campaigns\/|\/api\/admin\/campaigns\/|\/admin\/campaigns\/)([^/]*)(.*)$/;
/**
 * What a path segment of ours may hold once decoded: the characters a URL carries as they
 * are. Anything else (a `/` or `%` inside a segment, a space, non-ASCII) names no route.
 */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]*$/;

/**
 * A path sent with percent-encoding, decoded segment by segment; null when a segment is
 * broken, is a dot segment or decodes to something no route of ours is spelled with.
 */
function decodedPath(raw: string): string | null {
  const segments: string[] = [];
  for (const sent of raw.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(sent);
    } catch {
      return null; // broken percent-encoding
    }
    if (seg === '.' || seg === '..' || !PLAIN_SEGMENT.test(seg)) return null;
    segments.push(seg);
  }
  return segments.join('/');
}

/** The one spelling of a decoded path: its slug, if it has one, in lower case; null if it cannot be one. */
function canonicalOf(path: string): string | null {
  const m = WITH_SLUG.exec(path);
  if (!m) return path;
  const [, prefix = '', sent = '', rest = ''] = m;
  const slug = sent.toLowerCase();
  return SLUG.test(slug) ? `${prefix}${slug}${rest}` : null;
}

/** The usual "not found" of that path: an unknown campaign where a slug stands, else an unknown page. */
function notFound(path: string): AppError {
  const prefix = WITH_SLUG.exec(path)?.[1];
  if (!prefix) return new AppError('not_found', 'error.pageNotFound');
  return new AppError('not_found', prefix.includes('admin') ? 'error.noCampaignSlug' : 'error.noCampaign');
}

/**
 * One spelling per URL: a path sent in any other form (a percent-encoded byte anywhere,
 * a slug in upper case) is sent on to its one spelling (301, for GET and HEAD) or refused
 * (404), before anything reads D1 or the cache, which key by the path as sent. Otherwise
 * every spelling would miss the cache and cost a database read. The common case costs a
 * `%` search and one regular expression.
 */
export const canonicalSlug = createMiddleware<AppEnv>(async (c, next) => {
  const raw = rawPath(c.req.url);
  const encoded = raw.includes('%');
  if (!encoded) {
    const m = WITH_SLUG.exec(raw);
    if (!m || SLUG.test(m[2] ?? '')) return next();
  }
  const decoded = encoded ? decodedPath(raw) : raw;
  const canonical = decoded === null ? null : canonicalOf(decoded);
  if (canonical !== null && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
    return c.redirect(`${canonical}${rawSearch(c.req.url)}`, 301);
  }
  throw notFound(decoded ?? c.req.path);
});
