import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { cachedCampaign } from '../db/campaign-cache';
import { localizeCampaign } from '../db/localize';
import type { Signature } from '../db/signatures';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { findByUnsubscribeToken, unsubscribe } from '../flows/updates';
import { msg } from '../i18n/index';
import { useStoredLanguage } from '../middleware/language';
import { UnsubscribedPage, UnsubscribePage } from '../views/unsubscribe';
import { requireLinkSecret } from './context';
import { formBody } from './validation';

/**
 * One-click unsubscribing from updates (RFC 8058). `GET /u/:token` (the footer's link) shows a
 * button; `POST /u/:token` with `List-Unsubscribe=One-Click` unsubscribes at once and answers
 * 200. The POST is what Gmail's and Yahoo's buttons send from their servers: no cookies, no
 * CSRF token, no Origin of ours (so no csrf() on this path), and no rate limit by IP, since
 * a provider's few addresses carry everyone's clicks. The token (a MAC) is the only key.
 * A malformed, unknown or forged token is the same 404, whoever it names.
 */
const unsubscribeRoutes = new Hono<AppEnv>();

const OneClick = v.object({ 'List-Unsubscribe': v.literal('One-Click', msg('error.unsubscribe.body')) });

async function page(c: Context<AppEnv>, sig: Signature, done: boolean) {
  // Personal (it stands for one supporter): no cache keeps it.
  c.header('Cache-Control', 'no-store');
  const i18n = useStoredLanguage(c, sig.locale);
  const cached = await cachedCampaign(c.env.DB, sig.campaignSlug);
  if (!cached) throw new AppError('not_found', 'error.unsubscribe.link');
  const title = localizeCampaign(cached.campaign, i18n.locale).title;
  const meta = { noindex: true };
  if (done || !sig.updates || sig.status !== 'confirmed') {
    return c.render(<UnsubscribedPage title={title} slug={sig.campaignSlug} i18n={i18n} />, { title: i18n.t('unsubscribe.doneTitle'), meta });
  }
  return c.render(<UnsubscribePage token={c.req.param('token') ?? ''} title={title} slug={sig.campaignSlug} i18n={i18n} />, { title: i18n.t('unsubscribe.title'), meta });
}

unsubscribeRoutes.get('/u/:token', async (c) => {
  const sig = await findByUnsubscribeToken(c.env.DB, requireLinkSecret(c), c.req.param('token'));
  return page(c, sig, false);
});

unsubscribeRoutes.post('/u/:token', formBody(OneClick, 'error.unsubscribe.body'), async (c) => {
  const sig = await unsubscribe(c.env.DB, requireLinkSecret(c), c.req.param('token'));
  return page(c, sig, true);
});

export default unsubscribeRoutes;
