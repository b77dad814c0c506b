import { vValidator } from '@hono/valibot-validator';
import { type Context, Hono } from 'hono';
import { getCampaign, listOpenCampaigns, listTargets } from '../db/campaigns';
import { getCount } from '../db/counts';
import { listPublicMessages } from '../db/signatures';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { sign } from '../flows/signing';
import { publicCount } from '../lib/goal';
import { SignatureInputSchema } from '../schemas/signature';
import { CampaignPage } from '../views/campaign-page';
import { CheckInboxPage, HomePage, PrivacyPage } from '../views/pages';
import { emptyForm, type FormState } from '../views/sign-form';
import { assertHuman, baseUrl, ipHash, openCampaign, scheduleDrain, turnstileSiteKey } from './context';
import { limitByIp } from './rate-limit';
import { fieldIssues } from './validation';

const pages = new Hono<AppEnv>();

const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js';

async function loadCampaign(db: D1Database, slug: string) {
  const campaign = await getCampaign(db, slug);
  if (!campaign) throw new AppError('not_found', 'There is no campaign at this address.');
  return campaign;
}

async function renderCampaign(c: Context<AppEnv>, slug: string, form: FormState) {
  const db = c.env.DB;
  const siteKey = turnstileSiteKey(c.env);
  const campaign = await loadCampaign(db, slug);
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
    />,
    // campaign.js keeps the count and the wall live, and adds copy buttons to the embed code.
    { title: campaign.title, scripts: siteKey ? ['/campaign.js', TURNSTILE_SCRIPT] : ['/campaign.js'] },
  );
}

/** The form again, with what the user typed and a message per field (422). */
async function rerenderForm(c: Context<AppEnv>, errors: Record<string, string>) {
  const raw = await c.req.parseBody();
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  c.status(422);
  return renderCampaign(c, c.req.param('slug') ?? '', { values, errors });
}

pages.get('/', async (c) => {
  const campaigns = await listOpenCampaigns(c.env.DB);
  return c.render(<HomePage campaigns={campaigns} />, { title: 'Solidarity — campaigns' });
});

pages.get('/c/:slug', (c) => renderCampaign(c, c.req.param('slug'), emptyForm));

pages.get('/c/:slug/privacy', async (c) => {
  const campaign = await loadCampaign(c.env.DB, c.req.param('slug'));
  return c.render(<PrivacyPage campaign={campaign} />, { title: `Privacy notice — ${campaign.title}` });
});

pages.post(
  '/c/:slug/sign',
  limitByIp('SIGN_LIMITER'),
  openCampaign,
  vValidator('form', SignatureInputSchema, async (result, c: Context<AppEnv>) => {
    if (result.success) return;
    return rerenderForm(c, Object.fromEntries(fieldIssues(result.issues).map((i) => [i.field, i.message])));
  }),
  async (c) => {
    const campaign = c.get('campaign');
    const input = c.req.valid('form');
    try {
      await assertHuman(c, input['cf-turnstile-response']);
      await sign(c.env.DB, campaign, input, { baseUrl: baseUrl(c), ipHash: await ipHash(c), locale: 'en' });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      return rerenderForm(c, Object.fromEntries(err.issues.map((i) => [i.field, i.message])));
    }
    scheduleDrain(c);
    return c.redirect(`/c/${campaign.slug}/signed`, 303);
  },
);

pages.get('/c/:slug/signed', async (c) => {
  const campaign = await loadCampaign(c.env.DB, c.req.param('slug'));
  return c.render(<CheckInboxPage campaign={campaign} />, { title: 'Check your inbox' });
});

export default pages;
