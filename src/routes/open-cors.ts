import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env';

/**
 * CORS for what any site may read or send (the count, the wall, signing, pickets, the ledger):
 * every origin, no cookies. A preflight is answered by hono's cors(); any other request gets
 * its two headers ahead of the answer, so they go into the response as the route builds it
 * (cors() would build an empty one first, and Hono then copies it into the route's).
 * Routes behind it answer through the context (`c.json`, `c.body`…), never `new Response`.
 */
export function openCors(o: { methods: string[]; allowHeaders: string[]; exposeHeaders: string[] }): MiddlewareHandler<AppEnv> {
  const preflight = cors({ origin: '*', allowMethods: o.methods, allowHeaders: o.allowHeaders, exposeHeaders: o.exposeHeaders, maxAge: 86400 });
  const exposed = o.exposeHeaders.join(',');
  return (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', exposed);
    return next();
  };
}
