import { type Context, Hono } from 'hono';
import { cachedCampaign } from '../db/campaign-cache';
import { listOpenCampaigns } from '../db/campaigns';
import { getCount, publicCount } from '../db/counts';
import { localizeCampaign, localizePicket } from '../db/localize';
import { listPublicMessages } from '../db/signature-reads';
import { listPickets } from '../db/pickets';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { answerSummary } from '../flows/replies';
import { sign } from '../flows/signing';
import { i18nFor } from '../i18n/lang';
import { nextGoal } from '../lib/goal';
import { turnstileSiteKey } from '../lib/turnstile';
import { SignatureInputSchema } from '../schemas/signature';
import { CampaignPage } from '../views/campaign-page';
import { EmbedCodePage } from '../views/embed-code';
import { pageUrl } from '../views/head-meta';
import { HomePage, PrivacyPage } from '../views/pages';
import { emptyForm, type FormState } from '../views/sign-form';
import { assertHuman, baseUrl, ipHash, loadCampaign, openCampaign, requireLinkSecret, scheduleDrain } from './context';
import { PAGE_VARIANTS, servePublic } from './public-cache';
import { PAGE_STALE_MS } from '../lib/cache-times';
import { assertNetworkMaySign } from './rate-limit';
import { rememberSignedAddress } from './signed-address';
import { rememberChoices, signatureOf } from './choices-cookie';
import { refererSource } from './source';
import { formBody, type OnInvalidForm, refuseForm } from './validation';
import { draftPreview } from './draft-preview';

const pages = new Hono<AppEnv>();

const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js';

async function renderCampaign(c: Context<AppEnv>, slug: string, form: FormState, preview = false) {
  const db = c.env.DB;
  const siteKey = turnstileSiteKey(c.env);
  const cached = await cachedCampaign(db, slug);
  if (!cached || (cached.campaign.status === 'draft' && !preview)) throw new AppError('not_found', 'error.noCampaign');
  const { locale } = c.var.i18n;
  const campaign = localizeCampaign(cached.campaign, locale);
  const [{ count }, messages, pickets, answers] = await Promise.all([
    getCount(db, slug),
    listPublicMessages(db, campaign.id, campaign.settings.moderation),
    listPickets(db, campaign.id, Date.now()),
    answerSummary(db, campaign.id, Date.now()),
  ]);
  const shown = count ? publicCount(count) : null;
  return c.render(
    <CampaignPage
      campaign={campaign}
      count={shown?.count ?? 0}
      goal={shown?.nextGoal ?? campaign.goal}
      today={shown?.today ?? 0}
      updatedAt={shown?.updatedAt ?? new Date(0).toISOString()}
      targets={cached.targets}
      messages={messages}
      pickets={pickets.map((p) => localizePicket(p, cached.campaign, locale))}
      answers={answers}
      form={form}
      turnstileSiteKey={siteKey}
      i18n={c.var.i18n}
    />,
    // campaign.js keeps the count and the wall live, shows the sticky Sign button and preselects the embassy.
    {
      title: campaign.title,
      scripts: siteKey ? ['/campaign.js', '/pickets.js', '/message-count.js', TURNSTILE_SCRIPT] : ['/campaign.js', '/pickets.js', '/message-count.js'],
      meta: { description: campaign.summary, image: campaign.settings.image, url: pageUrl(baseUrl(c), `/c/${campaign.slug}`, locale) },
    },
  );
}

/**
 * The campaign page again, its form filled in as typed, with a message per field; a source
 * that came only by the Referer is kept in the form, since the next Referer is this answer.
 */
const signAgain: OnInvalidForm = (c, form) => {
  const slug = c.req.param('slug') ?? '';
  const source = form.values.source || refererSource(c, slug) || '';
  return renderCampaign(c, slug, { ...form, values: { ...form.values, source } });
};

pages.get('/', async (c) => {
  const campaigns = await listOpenCampaigns(c.env.DB);
  const i18n = c.var.i18n;
  const shown = campaigns.map((campaign) => ({
    ...localizeCampaign(campaign, i18n.locale),
    count: campaign.count,
    nextGoal: nextGoal(campaign.count, campaign.goal, campaign.settings.milestones),
  }));
  return c.render(<HomePage campaigns={shown} i18n={i18n} />, { title: i18n.t('home.title') });
});

/**
 * The campaign page, the same for every visitor of a language: from the Cache API (built
 * at most a few seconds ago, or stale for up to 30 s while one request rebuilds it), purged
 * on moderation. Built from the page's canonical address, so no visitor's query string
 * (a `source`, a cache-buster) ends up in what everyone gets; the count and the wall on it
 * go live through campaign.js and the cached count endpoint.
 */
pages.get('/c/:slug', async (c) => {
  const slug = c.req.param('slug');
  const { locale, inUrl } = c.var.i18n;
  // A draft is never cached nor shown to the public: its organisers get a private preview.
  if ((await cachedCampaign(c.env.DB, slug))?.campaign.status === 'draft') return draftPreview(c, () => renderCampaign(c, slug, emptyForm, true));
  return servePublic(
    c,
    async () => {
      c.set('i18n', i18nFor(locale, inUrl, `/c/${slug}`));
      const page = await renderCampaign(c, slug, emptyForm);
      return { body: await page.text(), contentType: 'text/html; charset=UTF-8' };
    },
    { lang: locale, variant: inUrl ? PAGE_VARIANTS[1] : PAGE_VARIANTS[0], staleMs: PAGE_STALE_MS, browser: 'revalidate' },
  );
});

pages.get('/c/:slug/privacy', async (c) => {
  const campaign = await loadCampaign(c, c.req.param('slug'));
  return c.render(<PrivacyPage campaign={campaign} i18n={c.var.i18n} />, { title: c.var.i18n.t('privacy.title', { title: campaign.title }) });
});

/** "Put this on your site": the embed snippets, off the supporter's path. */
pages.get('/c/:slug/embed-code', async (c) => {
  const campaign = await loadCampaign(c, c.req.param('slug'));
  const { t } = c.var.i18n;
  return c.render(<EmbedCodePage base={baseUrl(c)} slug={campaign.slug} title={campaign.title} i18n={c.var.i18n} />, {
    title: `${t('embed.heading')} — ${campaign.title}`,
    // campaign.js adds copy buttons; widget.js draws the preview of the widget snippet.
    scripts: ['/campaign.js', '/widget.js'],
    meta: { description: campaign.summary, image: campaign.settings.image },
  });
});

pages.post(
  '/c/:slug/sign',
  openCampaign,
  formBody(SignatureInputSchema, signAgain),
  async (c) => {
    const campaign = c.get('campaign');
    const form = c.req.valid('form');
    const input = { ...form, source: form.source ?? refererSource(c, campaign.slug) };
    try {
      await assertHuman(c, input['cf-turnstile-response']);
      await assertNetworkMaySign(c);
      const ctx = { secret: requireLinkSecret(c), ipHash: await ipHash(c), locale: c.var.i18n.locale };
      await sign(c.env.DB, { campaign, targets: c.var.targets }, input, ctx);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // A person who hit the network limit keeps what they typed, with the reason above the form.
      if (err.code === 'rate_limited') {
        c.header('Retry-After', String(err.retryAfter ?? 60));
        return refuseForm(c, [{ field: '(form)', key: err.key }], signAgain, { status: 429 });
      }
      // Checks that need the database (the target's campaign, Turnstile) refuse the same way.
      if (err.code !== 'validation_failed') throw err;
      return refuseForm(c, err.issues, signAgain);
    }
    scheduleDrain(c);
    // The same for a new address, one that had signed, a honeypot hit or one over the mail cap.
    await rememberSignedAddress(c, campaign.slug, input.email);
    // The boxes ticked here are stored by nobody: this browser's link page starts with them.
    const ticked = (['public', 'reply', 'updates'] as const).filter((box) => input[box]);
    await rememberChoices(c, 'signature', signatureOf(campaign.slug, input.email), ticked);
    return c.redirect(c.var.i18n.link(`/c/${campaign.slug}/signed`), 303);
  },
);

export default pages;
