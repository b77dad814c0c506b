import { Hono } from 'hono';
import * as v from 'valibot';
import { listTokens } from '../db/api-tokens';
import { topSources } from '../db/bulk-spam';
import { campaignStats, listForModeration, NETWORK_PREFIX } from '../db/dashboard';
import { listModerationLog, moderationStatements, retryDeadStatements } from '../db/moderation';
import { deliveryStats } from '../db/delivery-stats';
import { listTargets } from '../db/campaigns';
import { deliveryByAddress } from '../db/delivery-targets';
import { listHolds } from '../db/holds';
import { runBatch } from '../db/statements';
import { AppError } from '../errors';
import { msg } from '../i18n/index';
import { DashboardPage } from '../views/admin/dashboard';
import { addressRows } from '../views/admin/delivery-targets';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { scheduleDrain } from './context';
import { purgePublic } from './public-cache';
import { formBody, query } from './validation';

/** The dashboard of one campaign and its forms; every form carries the session's CSRF token. */
const adminDashboard = new Hono<AdminEnv>();

adminDashboard.use('/campaigns/:slug', pageSession, campaignAccess);
adminDashboard.use('/campaigns/:slug/*', pageSession, campaignAccess);

const PAGE = 30;
// Messages are catalog keys: answered in the organiser's language. Ids stay within what a
// JavaScript number holds exactly.
const id = v.pipe(
  v.string(),
  v.regex(/^[1-9]\d{0,15}$/, msg('error.admin.id')),
  v.transform(Number),
  v.safeInteger(msg('error.admin.id')),
);
const BeforeQuery = v.object({ before: v.optional(id) });
const ModerateForm = v.object({ id, action: v.picklist(['approve', 'hide', 'spam'], msg('error.admin.action')) });

// The dashboard's forms are buttons with hidden fields: a refused one has nothing to show
// again, so it is an error page naming every problem, as a bad query or path is.
const badRequest = msg('error.admin.request');

adminDashboard.get('/campaigns/:slug', query(BeforeQuery, badRequest), async (c) => {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const campaign = c.var.campaign;
  const { before } = c.req.valid('query');
  const db = c.env.DB;
  const now = Date.now();
  const [stats, deliveries, messages, log, tokens, sources, targets, byAddress, holds] = await Promise.all([
    campaignStats(db, campaign.id, now),
    deliveryStats(db, campaign.id),
    listForModeration(db, campaign.id, before ?? null, PAGE),
    listModerationLog(db, campaign.id),
    listTokens(db, campaign.slug),
    topSources(db, campaign.id, NETWORK_PREFIX),
    listTargets(db, campaign.id),
    deliveryByAddress(db, campaign.id),
    listHolds(db, campaign.id),
  ]);
  const nextBefore = messages.length === PAGE ? (messages.at(-1)?.id ?? null) : null;
  // Delivery per address: the campaign inbox, each target, then any other address mailed.
  const addresses = addressRows(campaign, targets, byAddress, holds, c.var.i18n);
  return c.render(
    <DashboardPage campaign={campaign} email={p.email} csrf={p.csrf} stats={stats} deliveries={deliveries} addresses={addresses} now={now}
      messages={messages} nextBefore={nextBefore} log={log} tokens={tokens} sources={sources} i18n={c.var.i18n} />,
    { title: c.var.i18n.t('admin.dashboardTitle', { title: campaign.title }) },
  );
});

adminDashboard.post('/campaigns/:slug/moderate', csrfForm, formBody(ModerateForm, badRequest), async (c) => {
  const { id: signatureId, action } = c.req.valid('form');
  const campaign = c.var.campaign;
  const [logged] = await runBatch(c.env.DB, moderationStatements(campaign.id, signatureId, action, actorOf(c.var.principal), Date.now()));
  if (!logged?.meta.changes) throw new AppError('not_found', 'error.admin.noSignature');
  await purgePublic(c, campaign.slug);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#moderation-heading`), 303);
});

adminDashboard.post('/campaigns/:slug/retry-dead', csrfForm, async (c) => {
  const campaign = c.var.campaign;
  await runBatch(c.env.DB, retryDeadStatements(campaign.id, actorOf(c.var.principal), Date.now()));
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#deliveries-heading`), 303);
});

export default adminDashboard;
