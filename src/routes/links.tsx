import { Hono } from 'hono';
import { getCampaign } from '../db/campaigns';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { confirm, findByToken, isExpired, withdraw } from '../flows/signing';
import { ConfirmPage, ThanksPage, WithdrawnPage } from '../views/pages';
import { baseUrl, scheduleDrain } from './context';
import { limitByIp } from './rate-limit';

/** The links from the emails: /s/:token shows where a signature stands and what can be done. */
const links = new Hono<AppEnv>();

links.use('/s/*', limitByIp('LINK_LIMITER'));

links.get('/s/:token', async (c) => {
  const token = c.req.param('token');
  const { sig } = await findByToken(c.env.DB, token);
  if (sig.status === 'withdrawn') return c.render(<WithdrawnPage slug={sig.campaignSlug} />, { title: 'Signature withdrawn' });
  if (sig.status === 'spam') throw new AppError('not_found', 'This link is not valid.');
  if (isExpired(sig)) throw new AppError('bad_request', 'This confirmation link has expired. Please sign again to get a new one.');
  if (sig.status === 'pending') return c.render(<ConfirmPage token={token} />, { title: 'Confirm your signature' });
  const campaign = await getCampaign(c.env.DB, sig.campaignSlug);
  if (!campaign) throw new AppError('not_found', 'This campaign no longer exists.');
  return c.render(<ThanksPage sig={sig} token={token} campaign={campaign} baseUrl={baseUrl(c)} />, { title: 'Thank you' });
});

links.post('/s/:token/confirm', async (c) => {
  const token = c.req.param('token');
  await confirm(c.env.DB, token);
  scheduleDrain(c);
  return c.redirect(`/s/${token}`, 303);
});

links.post('/s/:token/withdraw', async (c) => {
  const token = c.req.param('token');
  await withdraw(c.env.DB, token);
  return c.redirect(`/s/${token}`, 303);
});

export default links;
