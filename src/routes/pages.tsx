import { type Context, Hono } from 'hono';
import { getCampaign, listOpenCampaigns, listTargets } from '../db/campaigns';
import { getCount, publicCount } from '../db/counts';
import { listPublicMessages } from '../db/signatures';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { sign } from '../flows/signing';
import { localizeCampaign } from '../db/localize';
import { turnstileSiteKey } from '../lib/turnstile';
import { SignatureInputSchema } from '../schemas/signature';
import { CampaignPage } from '../views/campaign-page';
import { CheckInboxPage, HomePage, PrivacyPage } from '../views/pages';
import { emptyForm, type FormState } from '../views/sign-form';
import { assertHuman, baseUrl, ipHash, openCampaign, scheduleDrain } from './context';
import { limitByIp } from './rate-limit';
import { formBody, type OnInvalidForm, refuseForm } from './validation';

const pages = new Hono<AppEnv>();

const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js';

/** The campaign of this address in the request's language (field by field, see localizeCampaign). */
async function loadCampaign(c: Context<AppEnv>, slug: string) {
  const campaign = await getCampaign(c.env.DB, slug);
  if (!campaign) throw new AppError('not_found', 'error.noCampaign');
  return localizeCampaign(campaign, c.var.i18n.locale);
}

async function renderCampaign(c: Context<AppEnv>, slug: string, form: FormState) {
  const db = c.env.DB;
  const siteKey = turnstileSiteKey(c.env);
  const campaign = await loadCampaign(c, slug);
  const [targets, { count }, messages] = await Promise.all([
    listTargets(db, campaign.id),
    getCount(db, slug),
    listPublicMessages(db, campaign.id, campaign.settings.moderation),
  ]);
  const shown = count ? publicCount(count) : null;
  return c.render(
    <CampaignPage
      campaign={campaign}
      count={shown?.count ?? 0}
      goal={shown?.nextGoal ?? campaign.goal}
      updatedAt={shown?.updatedAt ?? new Date(0).toISOString()}
      base={baseUrl(c)}
      targets={targets}
      messages={messages}
      form={form}
      turnstileSiteKey={siteKey}
      i18n={c.var.i18n}
    />,
    // campaign.js keeps the count and the wall live, and adds copy buttons to the embed code.
    { title: campaign.title, scripts: siteKey ? ['/campaign.js', TURNSTILE_SCRIPT] : ['/campaign.js'] },
  );
}

/** The campaign page again, its form filled in as typed, with a message per field. */
const signAgain: OnInvalidForm = (c, form) => renderCampaign(c, c.req.param('slug') ?? '', form);

pages.get('/', async (c) => {
  const campaigns = await listOpenCampaigns(c.env.DB);
  const i18n = c.var.i18n;
  const shown = campaigns.map((campaign) => ({ ...localizeCampaign(campaign, i18n.locale), count: campaign.count }));
  return c.render(<HomePage campaigns={shown} i18n={i18n} />, { title: i18n.t('home.title') });
});

pages.get('/c/:slug', (c) => renderCampaign(c, c.req.param('slug'), emptyForm));

pages.get('/c/:slug/privacy', async (c) => {
  const campaign = await loadCampaign(c, c.req.param('slug'));
  return c.render(<PrivacyPage campaign={campaign} i18n={c.var.i18n} />, { title: c.var.i18n.t('privacy.title', { title: campaign.title }) });
});

pages.post(
  '/c/:slug/sign',
  limitByIp('SIGN_LIMITER'),
  openCampaign,
  formBody(SignatureInputSchema, signAgain),
  async (c) => {
    const campaign = c.get('campaign');
    const input = c.req.valid('form');
    try {
      await assertHuman(c, input['cf-turnstile-response']);
      await sign(c.env.DB, campaign, input, { baseUrl: baseUrl(c), ipHash: await ipHash(c), locale: c.var.i18n.locale });
    } catch (err) {
      // Checks that need the database (the target's campaign, Turnstile) refuse the same way.
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      return refuseForm(c, err.issues, signAgain);
    }
    scheduleDrain(c);
    return c.redirect(c.var.i18n.link(`/c/${campaign.slug}/signed`), 303);
  },
);

pages.get('/c/:slug/signed', async (c) => {
  const campaign = await loadCampaign(c, c.req.param('slug'));
  return c.render(<CheckInboxPage campaign={campaign} i18n={c.var.i18n} />, { title: c.var.i18n.t('check.title') });
});

export default pages;
