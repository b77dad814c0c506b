import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Bindings } from './env';

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

type Policy = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

/**
 * The Content-Security-Policy: only this origin, no inline script or style. Turnstile's
 * origin is added only when it is configured, and framing is allowed only for embeds.
 */
export function contentSecurityPolicy(env: Bindings, path: string): Policy {
  const turnstile = env.TURNSTILE_SITEKEY && env.TURNSTILE_SECRET ? [TURNSTILE_ORIGIN] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...turnstile],
    frameSrc: turnstile.length ? turnstile : ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...turnstile],
    formAction: ["'self'"],
    frameAncestors: path.endsWith('/embed') ? ['*'] : ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  };
}

/** Secure headers with the policy for this request. */
export const securityHeaders: MiddlewareHandler<AppEnv> = (c, next) =>
  secureHeaders({
    contentSecurityPolicy: contentSecurityPolicy(c.env, c.req.path),
    referrerPolicy: 'strict-origin-when-cross-origin',
    // Embeds are framed by other sites; everything else stays same-origin.
    xFrameOptions: c.req.path.endsWith('/embed') ? false : 'DENY',
    crossOriginResourcePolicy: c.req.path.startsWith('/api/') || c.req.path.endsWith('.svg') || c.req.path.endsWith('/embed') ? 'cross-origin' : 'same-origin',
  })(c, next);
