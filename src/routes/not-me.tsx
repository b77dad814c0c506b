import { type Context, Hono } from 'hono';
import { cachedCampaign } from '../db/campaign-cache';
import { localizeCampaign } from '../db/localize';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { findByToken } from '../flows/signing';
import { notMe } from '../flows/not-me';
import { useStoredLanguage } from '../middleware/language';
import { type PageMeta, pageUrl } from '../views/head-meta';
import { NotMeConfirmedPage, NotMeDonePage, NotMePage } from '../views/not-me';
import { WithdrawnPage } from '../views/pages';
import { baseUrl, loadCampaign, requireLinkSecret } from './context';

/**
 * "This wasn't me", linked from the confirmation and the reminder: GET shows what the
 * button does, only the POST erases (mail scanners follow links). Under /s/, so the
 * per-IP link limit, no-store and csrf of every link page apply (routes/links.tsx, chain.ts).
 */
const notMeRoutes = new Hono<AppEnv>();

/** The campaign's title in the page's language, from this isolate's copy. */
async function titleOf(c: Context<AppEnv>, slug: string): Promise<string> {
  const cached = await cachedCampaign(c.env.DB, slug);
  if (!cached) throw new AppError('not_found', 'error.campaignGone');
  return localizeCampaign(cached.campaign, c.var.i18n.locale).title;
}

// Personal pages: out of search engines, and their previews show the campaign, never the link.
const personal = (c: Context<AppEnv>, slug: string): PageMeta => ({ noindex: true, url: pageUrl(baseUrl(c), `/c/${slug}`, c.var.i18n.locale) });

notMeRoutes.get('/s/:token/not-me', async (c) => {
  const token = c.req.param('token');
  const sig = await findByToken(c.env.DB, token);
  const { t } = useStoredLanguage(c, sig.locale);
  const meta = personal(c, sig.campaignSlug);
  if (sig.status === 'withdrawn') return c.render(<WithdrawnPage slug={sig.campaignSlug} i18n={c.var.i18n} />, { title: t('withdrawn.title'), meta });
  if (sig.status === 'spam') throw new AppError('not_found', 'error.badLinkShort');
  if (sig.status === 'confirmed') return c.render(<NotMeConfirmedPage token={token} i18n={c.var.i18n} />, { title: t('notMe.confirmed.heading'), meta });
  // Pending, its link expired or not: erasing is always possible.
  return c.render(<NotMePage token={token} title={await titleOf(c, sig.campaignSlug)} i18n={c.var.i18n} />, { title: t('notMe.title'), meta });
});

notMeRoutes.post('/s/:token/not-me', async (c) => {
  const token = c.req.param('token');
  const { sig, erased } = await notMe(c.env.DB, token, requireLinkSecret(c));
  // Not pending (confirmed a moment ago, withdrawn): the GET page says where it stands.
  if (!erased) return c.redirect(c.var.i18n.link(`/s/${token}/not-me`), 303);
  // The link is spent with the signature: the answer is a page of the campaign, in the supporter's language.
  return c.redirect(useStoredLanguage(c, sig.locale).link(`/c/${sig.campaignSlug}/not-me/done`), 303);
});

/** What was done (the same for everyone: nothing personal in it, so reloading or switching language works). */
notMeRoutes.get('/c/:slug/not-me/done', async (c) => {
  const slug = c.req.param('slug');
  const page = <NotMeDonePage title={(await loadCampaign(c, slug)).title} i18n={c.var.i18n} />;
  return c.render(page, { title: c.var.i18n.t('notMe.done.heading'), meta: personal(c, slug) });
});

export default notMeRoutes;
