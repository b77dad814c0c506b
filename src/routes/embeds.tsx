import { Hono } from 'hono';
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

export default embeds;
