import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Bindings } from '../env';
import { turnstileSiteKey } from '../lib/turnstile';

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/** Only the iframe embeds (the count, the pickets) may be framed by other sites (not any path that ends in /embed). */
const FRAMEABLE = /^\/c\/[^/]+\/embed(\/pickets)?$/;
/** What other sites may load: the embed, the badge and the public API. */
const CROSS_ORIGIN = /^(\/c\/[^/]+\/(embed|embed\/pickets|badge\.svg)|\/api\/campaigns\/.*)$/;
/** Answers a browser may show as a page (and run or frame things from): HTML, and SVG opened on its own. */
const DOCUMENT = /^(text\/html|image\/svg\+xml)/i;

/** For what is never shown as a page (JSON, text, CSV, calendars, redirects): nothing may load, frame or submit. As public/_headers gives static files. */
const DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

type HeaderList = [string, string][];

/**
 * A page's Content-Security-Policy: only this origin, no inline script or style. Turnstile's
 * origin is added only when it is configured, and framing is allowed only for embeds.
 */
function documentPolicy(turnstile: boolean, frameable: boolean): string {
  const t = turnstile ? ` ${TURNSTILE_ORIGIN}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${t}`,
    // Our own embed, previewed on the "put this on your site" page; only it may be framed.
    `frame-src 'self'${t}`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${t}`,
    "form-action 'self'",
    `frame-ancestors ${frameable ? '*' : "'none'"}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The headers for one kind of path and answer, built once per isolate. */
function headersFor(document: boolean, frameable: boolean, crossOrigin: boolean, turnstile: boolean): HeaderList {
  const common: HeaderList = [
    ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
    ['X-Content-Type-Options', 'nosniff'],
    ['Cross-Origin-Resource-Policy', crossOrigin ? 'cross-origin' : 'same-origin'],
  ];
  if (!document) return [...common, ['Content-Security-Policy', DATA_POLICY]];
  return [
    ...common,
    ['Content-Security-Policy', documentPolicy(turnstile, frameable)],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
    // Embeds are framed by other sites; every other page stays unframed.
    ...(frameable ? [] : ([['X-Frame-Options', 'DENY']] as HeaderList)),
  ];
}

const lists = new Map<string, HeaderList>();

function listFor(env: Bindings, path: string, contentType: string | null): HeaderList {
  const document = contentType !== null && DOCUMENT.test(contentType);
  const frameable = document && FRAMEABLE.test(path);
  const crossOrigin = CROSS_ORIGIN.test(path);
  const turnstile = document && turnstileSiteKey(env) !== undefined;
  const key = `${document}${frameable}${crossOrigin}${turnstile}`;
  let list = lists.get(key);
  if (!list) lists.set(key, (list = headersFor(document, frameable, crossOrigin, turnstile)));
  return list;
}

/**
 * Secure headers, chosen by what the answer is: a page gets the page policy (its own CSP,
 * no framing but for embeds, and the rest of the usual set); anything a browser never shows
 * as a page gets the short data set, as static files do. Every header is one more for each
 * of thousands of count polls to carry. A 304 gets none: its stored copy's headers stand.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status === 304) return;
  const headers = c.res.headers;
  for (const [name, value] of listFor(c.env, c.req.path, headers.get('Content-Type'))) headers.set(name, value);
};

/** Organiser pages and data hold supporters' names and emails: never kept in a browser cache. */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};
