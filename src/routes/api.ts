import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { getCount } from '../db/counts';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { sign } from '../flows/signing';
import { SignatureInputSchema } from '../schemas/signature';
import { assertHuman, baseUrl, ipHash, openCampaign, scheduleDrain } from './context';
import { limitByIp } from './rate-limit';
import { jsonBody, requireJson } from './validation';

/** The JSON API: signing and the count. Errors are `{ error: { code, message, issues } }`. */
const api = new Hono<AppEnv>();

// Anyone may read the count and sign from their own site (the widget); no cookies are used.
api.use('/campaigns/*', cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'If-None-Match'], maxAge: 86400 }));

api.post(
  '/campaigns/:slug/signatures',
  limitByIp('SIGN_LIMITER'),
  openCampaign,
  requireJson,
  jsonBody(SignatureInputSchema),
  async (c) => {
    const input = c.req.valid('json');
    await assertHuman(c, input['cf-turnstile-response']);
    await sign(c.env.DB, c.get('campaign'), input, { baseUrl: baseUrl(c), ipHash: await ipHash(c), locale: 'en' });
    scheduleDrain(c);
    return c.json({ status: 'pending', message: 'Check your inbox: confirm your signature with the link we sent.' }, 202);
  },
);

api.get('/campaigns/:slug/count', async (c) => {
  const { count } = await getCount(c.env.DB, c.req.param('slug'));
  if (!count) throw new AppError('not_found', 'There is no campaign with this slug.');
  return c.json({ slug: count.slug, title: count.title, count: count.count, goal: count.goal, updatedAt: new Date(count.updatedAt).toISOString() });
});

// GET /campaigns/:slug/deliveries is in admin-api.ts, for organisers only.

export default api;
