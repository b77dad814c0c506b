import { Hono } from 'hono';
import { markSpam, previewSpam } from '../db/bulk-spam';
import { campaignStats } from '../db/dashboard';
import { deliveryOverview } from '../db/delivery-stats';
import { listHolds } from '../db/holds';
import { mailStatus } from '../email/index';
import { SpamActionInput, SpamFilterInput } from '../schemas/spam-filter';
import adminExportApi from './admin-export-api';
import { actorOf, type AdminEnv, apiPrincipal, campaignAccess } from './admin-auth';
import { purgePublic } from './public-cache';
import { jsonBody, query } from './validation';

/** The organisers' API (mounted at /api): a session or `Authorization: Bearer <token>`. */
const adminApi = new Hono<AdminEnv>();

adminApi.use('/admin/*', apiPrincipal);
// The signature exports: downloads and the pages a browser assembles a file from.
adminApi.route('/', adminExportApi);

adminApi.get('/admin/campaigns/:slug/stats', campaignAccess, async (c) => {
  return c.json(await campaignStats(c.env.DB, c.var.campaign.id, Date.now()));
});

adminApi.get('/admin/campaigns/:slug/deliveries', campaignAccess, async (c) => {
  const campaign = c.var.campaign;
  const mail = mailStatus(c.env);
  const [{ stats, byAddress }, holds] = await Promise.all([deliveryOverview(c.env.DB, campaign.id), listHolds(c.env.DB, campaign.id)]);
  // Per address (throttle key 'to:…'): waiting, held, next send, sent, delivered, delayed, bounced, last error; and the holds.
  return c.json({ campaign: campaign.slug, forward: campaign.forwardMode, mail, ...stats, addresses: byAddress, holds });
});

/**
 * How many live signatures a filter matches now among a stretch of the newest (SPAM_WINDOW
 * ids, below `before` when given), `upTo` and `lowest` (the stretch: what the action takes),
 * and `older` (the `before` of the stretch below, null when none).
 */
adminApi.get('/admin/campaigns/:slug/spam', campaignAccess, query(SpamFilterInput, 'error.admin.query'), async (c) => {
  const { before, ...filter } = c.req.valid('query');
  return c.json(await previewSpam(c.env.DB, c.var.campaign.id, filter, before));
});

/** Marks what the preview counted (the same filter, up to its `upTo`) as spam, in one batch. */
adminApi.post('/admin/campaigns/:slug/spam', campaignAccess, jsonBody(SpamActionInput), async (c) => {
  const { upTo, lowest, ...filter } = c.req.valid('json');
  const campaign = c.var.campaign;
  const marked = await markSpam(c.env.DB, campaign.id, filter, upTo, actorOf(c.var.principal), Date.now(), lowest ?? undefined);
  await purgePublic(c, campaign.slug);
  return c.json({ marked });
});

export default adminApi;
