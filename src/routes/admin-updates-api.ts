import { Hono } from 'hono';
import { updateProgress } from '../db/update-progress';
import { listUpdates } from '../db/updates';
import { createUpdate, draftFromInput } from '../flows/updates';
import * as v from 'valibot';
import { AppError } from '../errors';
import { DraftKey, UpdateInputSchema } from '../schemas/update';
import { actorOf, type AdminEnv, apiPrincipal, campaignAccess } from './admin-auth';
import { scheduleDrain } from './context';
import { jsonBody } from './validation';

/**
 * Updates through the organisers' API (mounted at /api): a bearer token of the campaign or
 * a session. JSON only, so a cross-site form cannot post one (as the other admin API routes).
 */
const adminUpdatesApi = new Hono<AdminEnv>();

adminUpdatesApi.use('/admin/campaigns/:slug/updates', apiPrincipal, campaignAccess);

/** Each update with its progress: waiting, sent, delivered, bounced, failed. */
adminUpdatesApi.get('/admin/campaigns/:slug/updates', async (c) => {
  const campaign = c.var.campaign;
  const updates = await listUpdates(c.env.DB, campaign.id);
  const progress = await updateProgress(c.env.DB, campaign.id, updates.map((u) => u.id));
  return c.json({
    updates: updates.map((u) => ({
      id: u.id, subject: u.subject, languages: [campaign.locale, ...Object.keys(u.translations)], author: u.author,
      createdAt: new Date(u.createdAt).toISOString(), recipients: u.enqueued, queuing: u.enqueuedAt === null, ...progress.get(u.id),
    })),
  });
});

/**
 * Sends an update: `{ subject, body, translations? }`; answers 202 with its id, its mail goes
 * out from then on. With an `Idempotency-Key` header, a repeat of the request sends nothing
 * more and answers 200 with the first one's id.
 */
adminUpdatesApi.post('/admin/campaigns/:slug/updates', jsonBody(UpdateInputSchema), async (c) => {
  const campaign = c.var.campaign;
  const header = c.req.header('idempotency-key');
  const key = header === undefined ? null : v.safeParse(DraftKey, header);
  if (key && !key.success) throw new AppError('validation_failed', 'error.fields', [{ field: 'Idempotency-Key', key: 'error.update.draftKey' }]);
  const draft = draftFromInput(campaign, c.req.valid('json'));
  const { id, created } = await createUpdate(c.env.DB, campaign, draft, actorOf(c.var.principal), Date.now(), key ? key.output : null);
  if (created) scheduleDrain(c);
  return c.json({ update: { id, subject: draft.text.subject, languages: [campaign.locale, ...Object.keys(draft.translations)] } }, created ? 202 : 200);
});

export default adminUpdatesApi;
