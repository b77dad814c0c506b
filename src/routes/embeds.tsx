import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { getCount } from '../db/counts';
import type { AppEnv } from '../env';
import { publicCount } from '../lib/goal';
import { badgeSvg } from '../views/badge';
import { EmbedPage } from '../views/embed';
import { type PublicBody, servePublic } from './public-cache';

/** The no-JS embeds: a page for an `<iframe>` and an SVG badge, both cached like the count. */
const embeds = new Hono<AppEnv>();

async function countBody(db: D1Database, slug: string, render: (c: ReturnType<typeof publicCount>) => Promise<PublicBody>) {
  const { count } = await getCount(db, slug);
  return count && render(publicCount(count));
}

embeds.get('/c/:slug/embed', (c) =>
  servePublic(c, () =>
    countBody(c.env.DB, c.req.param('slug'), async (count) => ({
      body: `<!DOCTYPE html>${String(await (<EmbedPage count={count} />))}`,
      contentType: 'text/html; charset=UTF-8',
    })),
  ),
);

embeds.get('/c/:slug/badge.svg', (c) =>
  servePublic(c, () =>
    countBody(c.env.DB, c.req.param('slug'), async (count) => ({ body: await badgeSvg(count), contentType: 'image/svg+xml' })),
  ),
);

/**
 * Loosens the site-wide secure headers for what other sites embed. Mount it before
 * `secureHeaders` so it runs after it: the frame may be framed by anyone (only this
 * route), and both may be loaded cross-origin (an `<img>` is a no-cors load).
 */
export function embeddable(opts: { frame: boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (!c.res.ok && c.res.status !== 304) return;
    c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
    c.res.headers.set('Access-Control-Allow-Origin', '*');
    if (!opts.frame) return;
    c.res.headers.delete('X-Frame-Options');
    const csp = c.res.headers.get('Content-Security-Policy');
    if (csp) c.res.headers.set('Content-Security-Policy', csp.replace("frame-ancestors 'none'", 'frame-ancestors *'));
  });
}

export default embeds;
