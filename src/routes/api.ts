import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { getCampaign } from '../db/campaigns';
import { getCount } from '../db/counts';
import { deliveryStats } from '../db/delivery-stats';
import { mailStatus } from '../email/index';
import { type AppEnv, isLocal } from '../env';
import { AppError } from '../errors';
import { sign } from '../flows/signing';
import { SignatureInputSchema } from '../schemas/signature';
import { baseUrl, ipHash, openCampaign, scheduleDrain } from './context';
import { jsonBody, requireJson } from './validation';

/** The JSON API: signing, the count, delivery status. Errors are `{ error: { code, message, issues } }`. */
const api = new Hono<AppEnv>();

// Anyone may read the count and sign from their own site (the widget); no cookies are used.
api.use('/campaigns/*', cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'If-None-Match'], maxAge: 86400 }));

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

api.get('/campaigns/:slug/count', async (c) => {
  const { count } = await getCount(c.env.DB, c.req.param('slug'));
  if (!count) throw new AppError('not_found', 'There is no campaign with this slug.');
  return c.json({ slug: count.slug, title: count.title, count: count.count, goal: count.goal, updatedAt: new Date(count.updatedAt).toISOString() });
});

api.get('/campaigns/:slug/deliveries', async (c) => {
  // Organiser-only; until organiser sign-in exists, only outside production (also with
  // RESEND_API_KEY set locally, so a Resend configuration can be checked).
  if (!isLocal(c.env)) throw new AppError('unauthorized', 'Sign in as an organiser to see deliveries.');
  const campaign = await getCampaign(c.env.DB, c.req.param('slug'));
  if (!campaign) throw new AppError('not_found', 'There is no campaign with this slug.');
  const mail = mailStatus(c.env);
  if (mail.error) console.error(`outbox: ${mail.error}`);
  return c.json({ campaign: campaign.slug, forward: campaign.forwardMode, mail, ...(await deliveryStats(c.env.DB, campaign.id)) });
});

export default api;
