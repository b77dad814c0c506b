import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Bindings } from '../env';
import { turnstileSiteKey } from '../lib/turnstile';

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/** Only the iframe embeds (the count, the pickets) may be framed by other sites (not any path that ends in /embed). */
const FRAMEABLE = /^\/c\/[^/]+\/embed(\/pickets)?$/;
/** What other sites may load: the embed, the badge and the public API. */
const CROSS_ORIGIN = /^(\/c\/[^/]+\/(embed|embed\/pickets|badge\.svg)|\/api\/campaigns\/.*)$/;

type Policy = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

/**
 * The Content-Security-Policy: only this origin, no inline script or style. Turnstile's
 * origin is added only when it is configured, and framing is allowed only for embeds.
 */
function contentSecurityPolicy(env: Bindings, path: string): Policy {
  const turnstile = turnstileSiteKey(env) ? [TURNSTILE_ORIGIN] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...turnstile],
    // Our own embed, previewed on the "put this on your site" page; only it may be framed.
    frameSrc: ["'self'", ...turnstile],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...turnstile],
    formAction: ["'self'"],
    frameAncestors: FRAMEABLE.test(path) ? ['*'] : ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  };
}

const variants = new Map<string, MiddlewareHandler>();

/** Secure headers with the policy for this request (one middleware per kind of path, built once). */
export const securityHeaders: MiddlewareHandler<AppEnv> = (c, next) => {
  const frameable = FRAMEABLE.test(c.req.path);
  const crossOrigin = CROSS_ORIGIN.test(c.req.path);
  const key = `${frameable}:${crossOrigin}:${Boolean(turnstileSiteKey(c.env))}`;
  let middleware = variants.get(key);
  if (!middleware) {
    middleware = secureHeaders({
      contentSecurityPolicy: contentSecurityPolicy(c.env, c.req.path),
      referrerPolicy: 'strict-origin-when-cross-origin',
      // Embeds are framed by other sites; everything else stays same-origin.
      xFrameOptions: frameable ? false : 'DENY',
      crossOriginResourcePolicy: crossOrigin ? 'cross-origin' : 'same-origin',
    });
    variants.set(key, middleware);
  }
  return middleware(c, next);
};

/** Organiser pages and data hold supporters' names and emails: never kept in a browser cache. */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};
