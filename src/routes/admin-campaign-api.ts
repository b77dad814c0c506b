import { type Context, Hono } from 'hono';
import { campaignFileOf } from '../db/campaign-files';
import { AppError } from '../errors';
import { saveCampaignFile } from '../flows/campaign-save';
import { actorOf, adminOnly, type AdminEnv, assertCsrf, campaignAccess } from './admin-auth';
import { judgeFile, problemsError, published } from './campaign-edit';

/**
 * The campaign file over JSON (mounted at /api, after the admin API's principal): GET and
 * PUT one (a bearer token of that campaign made to edit, which cannot change its organisers,
 * or a session with `X-CSRF-Token`), POST a new one (admins' sessions only: a token belongs
 * to one campaign and cannot create).
 */
const campaignApi = new Hono<AdminEnv>();

async function bodyOf(c: Context<AdminEnv>): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', 'error.json');
  // A session's writes need its CSRF token too; a bearer token is not sent by browsers on its own.
  if (c.var.principal.kind === 'session') assertCsrf(c.var.principal, c.req.header('x-csrf-token'));
  try {
    return await c.req.json<unknown>();
  } catch {
    throw new AppError('bad_request', 'error.json');
  }
}

campaignApi.get('/admin/campaigns/:slug', campaignAccess, async (c) => {
  const { file } = await campaignFileOf(c.env.DB, c.var.campaign);
  return c.json(file);
});

campaignApi.put('/admin/campaigns/:slug', campaignAccess, async (c) => {
  const input = await bodyOf(c);
  const campaign = c.var.campaign;
  const judged = judgeFile(c, input, campaign.slug);
  if ('problems' in judged) throw problemsError(judged.problems);
  const { file: before } = await campaignFileOf(c.env.DB, campaign);
  // Who organises a campaign changes only from a signed-in organiser: a token that could
  // name a new organiser could hand the campaign to whoever holds it.
  const sameOrganisers = JSON.stringify([...new Set(judged.file.organisers)].sort()) === JSON.stringify([...before.organisers].sort());
  if (c.var.principal.kind === 'token' && !sameOrganisers) {
    throw new AppError('forbidden', 'error.admin.tokenOrganisers', [{ field: 'organisers', key: 'error.admin.tokenOrganisers' }]);
  }
  const changed = await saveCampaignFile(c.env.DB, { file: judged.file, before, actor: actorOf(c.var.principal), action: 'campaign.edit' });
  await published(c, campaign.slug);
  return c.json({ slug: campaign.slug, changed });
});

campaignApi.post('/admin/campaigns', adminOnly, async (c) => {
  const judged = judgeFile(c, await bodyOf(c));
  if ('problems' in judged) throw problemsError(judged.problems);
  const changed = await saveCampaignFile(c.env.DB, { file: judged.file, before: null, actor: actorOf(c.var.principal), action: 'campaign.create' });
  await published(c, judged.file.slug);
  return c.json({ slug: judged.file.slug, changed }, 201);
});

export default campaignApi;
