import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { localizedCount, type PublicCount } from '../db/counts';
import { badgeSvg } from '../views/badge';
import { EmbedPage } from '../views/embed';
import { type PublicBody, servePublic } from './public-cache';

/**
 * The no-JS embeds: a page for an `<iframe>` and an SVG badge, both cached like the count,
 * one copy per language (`?lang=`, else the visitor's Accept-Language).
 */
const embeds = new Hono<AppEnv>();

async function countBody(db: D1Database, slug: string, locale: string, render: (c: PublicCount) => Promise<PublicBody>) {
  const count = await localizedCount(db, slug, locale);
  return count && render(count);
}

embeds.get('/c/:slug/embed', (c) => {
  const i18n = c.var.i18n;
  return servePublic(
    c,
    () =>
      countBody(c.env.DB, c.req.param('slug'), i18n.locale, async (count) => ({
        body: `<!DOCTYPE html>${String(await (<EmbedPage count={count} i18n={i18n} />))}`,
        contentType: 'text/html; charset=UTF-8',
      })),
    { lang: i18n.locale },
  );
});

embeds.get('/c/:slug/badge.svg', (c) => {
  const i18n = c.var.i18n;
  return servePublic(
    c,
    () => countBody(c.env.DB, c.req.param('slug'), i18n.locale, async (count) => ({ body: await badgeSvg(count, i18n), contentType: 'image/svg+xml' })),
    { lang: i18n.locale },
  );
});

export default embeds;
