import { Hono } from 'hono';
import { cachedCampaign } from '../db/campaign-cache';
import { getPublicCampaign } from '../db/campaigns';
import { getCount, localizedCount, publicCount } from '../db/counts';
import { listPublicMessages, WALL_SIZE } from '../db/signature-reads';
import type { AppEnv } from '../env';
import { sign } from '../flows/signing';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { countLabels } from '../views/count-labels';
import { widgetFormData } from '../views/widget-form-data';
import { SignatureInputSchema } from '../schemas/signature';
import { assertHuman, ipHash, openCampaign, requireLinkSecret, scheduleDrain } from './context';
import { openCors } from './open-cors';
import { servePublic } from './public-cache';
import { assertNetworkMaySign } from './rate-limit';
import { jsonBody } from './validation';

/** The JSON API: signing, the count and the widget's form. Errors are `{ error: { code, message, issues } }`. */
const api = new Hono<AppEnv>();

// Anyone may read the count and sign from their own site (the widget); no cookies are used.
api.use('/campaigns/*', openCors({ methods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'If-None-Match'], exposeHeaders: ['ETag', 'X-Request-Id'] }));

api.post(
  '/campaigns/:slug/signatures',
  openCampaign,
  jsonBody(SignatureInputSchema),
  async (c) => {
    const input = c.req.valid('json');
    await assertHuman(c, input['cf-turnstile-response']);
    await assertNetworkMaySign(c);
    const ctx = { secret: requireLinkSecret(c), ipHash: await ipHash(c), locale: c.var.i18n.locale };
    await sign(c.env.DB, { campaign: c.var.campaign, targets: c.var.targets }, input, ctx);
    scheduleDrain(c);
    return c.json({ status: 'pending', message: c.var.i18n.t('api.pending') }, 202);
  },
);

/**
 * The count. With `?lang=` (any tag: ru, ru-RU, RU; of a repeated one the first; an
 * unsupported one means English) the title is the campaign's in that language and `labels`
 * carry the words to show around the count, so the widget needs no catalogs; the cache keeps
 * one copy per supported language. Any value is a language or English, so there is nothing
 * to refuse, and no schema to run on every poll.
 */
api.get('/campaigns/:slug/count', (c) => {
  const asked = c.req.query('lang');
  const lang = asked === undefined ? undefined : (parseLang(asked) ?? 'en');
  return servePublic(c, async () => {
    const slug = c.req.param('slug');
    if (!lang) {
      const { count } = await getCount(c.env.DB, slug);
      return count && { body: JSON.stringify(publicCount(count)), contentType: 'application/json' };
    }
    const shown = await localizedCount(c.env.DB, slug, lang);
    return shown && { body: JSON.stringify({ ...shown, labels: countLabels(shown, translator(lang), lang) }), contentType: 'application/json' };
  }, { lang });
});

/**
 * The widget's signing form (`data-variant="full"`): its words in `?lang=` (as for the count)
 * and the campaign's targets, named in that language. Cached like the count; loaded once per
 * full widget, never polled. A closed or draft campaign has no form to offer.
 */
api.get('/campaigns/:slug/form', (c) => {
  const lang = parseLang(c.req.query('lang')) ?? 'en';
  return servePublic(c, async () => {
    const cached = await cachedCampaign(c.env.DB, c.req.param('slug'));
    if (!cached || cached.campaign.status !== 'open') return null;
    return { body: JSON.stringify(widgetFormData(cached.targets, translator(lang), lang)), contentType: 'application/json' };
  }, { lang });
});

api.get('/campaigns/:slug/messages', (c) =>
  servePublic(c, async () => {
    const campaign = await getPublicCampaign(c.env.DB, c.req.param('slug'));
    if (!campaign) return null;
    // Only what the wall already shows (as many as the page shows): never an email, IP or target.
    const messages = await listPublicMessages(c.env.DB, campaign.id, campaign.settings.moderation, WALL_SIZE);
    return { body: JSON.stringify({ slug: campaign.slug, messages }), contentType: 'application/json' };
  }),
);

export default api;
