import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { countryOptions } from '../lib/countries';
import { openCors } from './open-cors';

/**
 * GET /api/countries?lang=kk — every country, named and sorted in that language: the same list
 * as the sign form's (lib/countries.ts `countryOptions`), for the widget's form on other sites,
 * since browsers lack some languages' names (Chromium has no Kazakh ones). It changes only
 * with a deploy: browsers and the edge keep it a day.
 */
const countries = new Hono<AppEnv>();

countries.use('/countries', openCors({ methods: ['GET'], allowHeaders: [], exposeHeaders: ['X-Request-Id'] }));

countries.get('/countries', (c) => {
  const { locale } = c.var.i18n;
  c.header('Cache-Control', 'public, max-age=86400');
  return c.json({ lang: locale, countries: countryOptions(locale) });
});

export default countries;
