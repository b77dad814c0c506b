import { type Context, Hono } from 'hono';
import { campaignFileOf } from '../db/campaign-files';
import { AppError } from '../errors';
import { plainFileHash, saveCampaignFile, type SaveInput } from '../flows/campaign-save';
import type { CampaignFile } from '../schemas/campaign-file';
import { actorOf, adminOnly, type AdminEnv, assertCsrf, campaignAccess } from './admin-auth';
import { judgeFile, problemsError, published } from './campaign-edit';

/**
 * The campaign file over JSON (mounted at /api, after the admin API's principal): GET and
 * PUT one (a bearer token of that campaign, or a session with `X-CSRF-Token`), POST a new
 * one (admins only: a signed-in admin or the `ADMIN_TOKEN`; a campaign's token cannot create).
 *
 * The command line's `push --url` and `pull --url` use the same routes: GET answers the stored
 * hash as its `ETag`; a PUT with `If-Match` fails whole (409) when the campaign changed since,
 * and `X-Campaign-Source: file` stores the file's plain hash, as a local push does, so files
 * and the browser agree the same way on a deployed Worker as on the local database.
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

/** What a command-line push adds to a save: the file's plain hash, and the hash it read. */
async function pushOptions(c: Context<AdminEnv>, file: CampaignFile): Promise<Pick<SaveInput, 'fileHash' | 'seenHash'>> {
  const fromFile = c.req.header('x-campaign-source') === 'file';
  const ifMatch = /^"([^"]{1,200})"$/.exec(c.req.header('if-match') ?? '')?.[1];
  return { ...(fromFile ? { fileHash: await plainFileHash(file) } : {}), ...(ifMatch === undefined ? {} : { seenHash: ifMatch }) };
}

campaignApi.get('/admin/campaigns/:slug', campaignAccess, async (c) => {
  const { file, sourceHash } = await campaignFileOf(c.env.DB, c.var.campaign);
  c.header('ETag', `"${sourceHash}"`);
  c.header('Cache-Control', 'no-store');
  return c.json(file);
});

campaignApi.put('/admin/campaigns/:slug', campaignAccess, async (c) => {
  const input = await bodyOf(c);
  const campaign = c.var.campaign;
  const judged = judgeFile(c, input, campaign.slug);
  if ('problems' in judged) throw problemsError(judged.problems);
  const { file: before } = await campaignFileOf(c.env.DB, campaign);
  const push = await pushOptions(c, judged.file);
  const changed = await saveCampaignFile(c.env.DB, { file: judged.file, before, actor: actorOf(c.var.principal), action: 'campaign.edit', ...push });
  await published(c, campaign.slug);
  return c.json({ slug: campaign.slug, changed });
});

campaignApi.post('/admin/campaigns', adminOnly, async (c) => {
  const judged = judgeFile(c, await bodyOf(c));
  if ('problems' in judged) throw problemsError(judged.problems);
  const { fileHash } = await pushOptions(c, judged.file);
  const changed = await saveCampaignFile(c.env.DB, { file: judged.file, before: null, actor: actorOf(c.var.principal), action: 'campaign.create', ...(fileHash ? { fileHash } : {}) });
  await published(c, judged.file.slug);
  return c.json({ slug: judged.file.slug, changed }, 201);
});

export default campaignApi;
