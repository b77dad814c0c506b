import { Hono } from 'hono';
import * as v from 'valibot';
import { markSpam, previewSpam } from '../db/bulk-spam';
import { campaignStats } from '../db/dashboard';
import { deliveryOverview } from '../db/delivery-stats';
import { listHolds } from '../db/holds';
import { mailStatus } from '../email/index';
import { msg } from '../i18n/index';
import { exportStream, type ExportFormat } from '../flows/export-stream';
import { isoDateTime } from '../schemas/date';
import { SpamActionInput, SpamFilterInput } from '../schemas/spam-filter';
import { actorOf, type AdminEnv, apiPrincipal, campaignAccess } from './admin-auth';
import { purgePublic } from './public-cache';
import { jsonBody, query } from './validation';

/** The organisers' API (mounted at /api): a session or `Authorization: Bearer <token>`. */
const adminApi = new Hono<AdminEnv>();

adminApi.use('/admin/*', apiPrincipal);

// Messages are catalog keys: answered in the organiser's language.
const ExportQuery = v.object({
  status: v.optional(v.picklist(['pending', 'confirmed', 'withdrawn', 'spam'], msg('error.admin.status'))),
  since: v.optional(isoDateTime({ shape: 'error.admin.since', real: 'error.admin.sinceReal' })),
  bom: v.optional(v.picklist(['0', '1'], msg('error.admin.bom'))),
});

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

for (const format of ['csv', 'ndjson'] as const) {
  adminApi.get(`/admin/campaigns/:slug/signatures.${format}`, campaignAccess, query(ExportQuery, 'error.admin.query'), (c) => {
    const campaign = c.var.campaign;
    const q = c.req.valid('query');
    const filter = { status: q.status ?? null, since: q.since ?? null };
    const day = new Date().toISOString().slice(0, 10);
    const body = exportStream(c.env.DB, campaign.id, filter, format, q.bom === '1');
    return new Response(body, {
      headers: {
        'content-type': TYPES[format],
        // Three buttons, three names: the campaign, which signatures (and "excel" for the BOM one), the day.
        'content-disposition': `attachment; filename="${campaign.slug}-signatures${q.status ? `-${q.status}` : ''}${q.bom === '1' ? '-excel' : ''}-${day}.${format}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });
}

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
