import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { getCampaign } from '../db/campaigns';
import { publicCount } from '../lib/goal';
import { getCount } from '../db/counts';
import { listPublicMessages } from '../db/signatures';
import { deliveryStats } from '../db/outbox-queue';
import { type AppEnv, isDev } from '../env';
import { AppError } from '../errors';
import { sign } from '../flows/signing';
import { SignatureInputSchema } from '../schemas/signature';
import { baseUrl, ipHash, openCampaign, scheduleDrain } from './context';
import { servePublic } from './public-cache';
import { jsonBody, requireJson } from './validation';

/** The JSON API: signing, the count, delivery status. Errors are `{ error: { code, message, issues } }`. */
const api = new Hono<AppEnv>();

// Anyone may read the count and sign from their own site (the widget); no cookies are used.
api.use('/campaigns/*', cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'If-None-Match'], exposeHeaders: ['ETag'], maxAge: 86400 }));

api.post(
  '/campaigns/:slug/signatures',
  openCampaign,
  requireJson,
  jsonBody(SignatureInputSchema),
  async (c) => {
    await sign(c.env.DB, c.get('campaign'), c.req.valid('json'), { baseUrl: baseUrl(c), ipHash: await ipHash(c), locale: 'en' });
    scheduleDrain(c);
    return c.json({ status: 'pending', message: 'Check your inbox: confirm your signature with the link we sent.' }, 202);
  },
);

api.get('/campaigns/:slug/count', (c) =>
  servePublic(c, async () => {
    const { count } = await getCount(c.env.DB, c.req.param('slug'));
    return count && { body: JSON.stringify(publicCount(count)), contentType: 'application/json' };
  }),
);

api.get('/campaigns/:slug/messages', (c) =>
  servePublic(c, async () => {
    const campaign = await getCampaign(c.env.DB, c.req.param('slug'));
    if (!campaign) return null;
    // Only what the wall already shows: never an email, IP or target.
    const messages = await listPublicMessages(c.env.DB, campaign.id, 10);
    return { body: JSON.stringify({ slug: campaign.slug, messages }), contentType: 'application/json' };
  }),
);

api.get('/campaigns/:slug/deliveries', async (c) => {
  // Organiser-only; until organiser sign-in exists, only in local development.
  if (!isDev(c.env)) throw new AppError('unauthorized', 'Sign in as an organiser to see deliveries.');
  const campaign = await getCampaign(c.env.DB, c.req.param('slug'));
  if (!campaign) throw new AppError('not_found', 'There is no campaign with this slug.');
  return c.json(await deliveryStats(c.env.DB, campaign.id));
});

export default api;
