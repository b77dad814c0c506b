import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { canonicalSlug } from './canonical-slug';
import { chooseLanguage } from './language';
import { allowedMethods, type RouteTable } from './methods';
import { d1Metrics } from './metrics';
import { renderer } from './renderer';
import { requestId } from './request-id';
import { noStore, securityHeaders } from './security';

type Handler = MiddlewareHandler<AppEnv>;
/** One named step of the chain: one or more `app.use()` calls, each for every path or for one. */
export type ChainStep = { name: string; uses: { path?: string; handlers: Handler[] }[] };

const everywhere = (name: string, handler: Handler): ChainStep => ({ name, uses: [{ handlers: [handler] }] });

/**
 * The middleware in front of the routes, in order, for `app` (the 405 check reads its
 * routes). Listed once so that the benchmark runs the very same chain, one step at a
 * time, on a bare Hono app (bench/floor/worker.ts).
 */
export function middlewareChain(app: RouteTable): ChainStep[] {
  return [
    everywhere('requestId', requestId),
    everywhere('chooseLanguage', chooseLanguage),
    everywhere('d1Metrics', d1Metrics),
    everywhere('securityHeaders', securityHeaders),
    // A known path asked with a method it does not take is a 405, before csrf() sees it.
    everywhere('allowedMethods', allowedMethods(app)),
    everywhere('bodyLimit', bodyLimits()),
    {
      name: 'csrf and noStore by path',
      uses: [
        // Forms only accept posts from our own pages; the JSON API takes JSON only (a cross-site
        // form cannot send that without a CORS preflight).
        { path: '/c/*', handlers: [csrf()] },
        // Pages behind a link token are the supporter's own: no cache keeps them, errors included.
        { path: '/s/*', handlers: [noStore, csrf()] },
        // So are a picket reply's (routes/picket-links.tsx).
        { path: '/p/*', handlers: [noStore, csrf()] },
        // Admin forms also carry a per-session token (admin-auth.ts); this refuses other origins first.
        { path: '/admin', handlers: [csrf(), noStore] },
        { path: '/api/admin/*', handlers: [noStore] },
        { path: '/admin/*', handlers: [csrf(), noStore] },
      ],
    },
    // Before anything reads D1: one spelling per campaign URL.
    everywhere('canonicalSlug', canonicalSlug),
    everywhere('renderer', renderer),
  ];
}

const tooLarge = () => {
  throw new AppError('payload_too_large', 'error.tooLarge');
};

/** Where a campaign file is sent: the editor (a new campaign, an edit) and the campaign API. */
const CAMPAIGN_FILE = /^\/(api\/admin\/campaigns(\/|$)|admin\/(new-campaign$|campaigns\/))/;

/** 32 KB for every body but a campaign file's, which may take up to 512 KB (500 targets with their names). */
function bodyLimits(): MiddlewareHandler<AppEnv> {
  const small = bodyLimit({ maxSize: 32 * 1024, onError: tooLarge });
  const large = bodyLimit({ maxSize: 512 * 1024, onError: tooLarge });
  return (c, next) => (CAMPAIGN_FILE.test(c.req.path) ? large(c, next) : small(c, next));
}

/** Registers the chain on `app`, in order. */
export function useChain(app: Hono<AppEnv>, steps: ChainStep[]): void {
  for (const step of steps) {
    for (const u of step.uses) {
      if (u.path === undefined) app.use(...u.handlers);
      else app.use(u.path, ...u.handlers);
    }
  }
}
