import { Hono } from 'hono';
import { listTokens } from '../db/api-tokens';
import { topSources } from '../db/bulk-spam';
import { campaignStats, NETWORK_PREFIX } from '../db/dashboard';
import { sourceStats } from '../db/sources';
import { listModerationLog, retryDeadStatements } from '../db/moderation';
import { deliveryOverview } from '../db/delivery-stats';
import { listTargets } from '../db/campaigns';
import { listHolds } from '../db/holds';
import { currentPause } from '../db/mail-pauses';
import { runBatch } from '../db/statements';
import { AppError } from '../errors';
import { DashboardPage } from '../views/admin/dashboard';
import { addressRows } from '../views/admin/delivery-targets';
import { MailStatus } from '../views/admin/mail-status';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { scheduleDrain } from './context';

/** The dashboard of one campaign and its forms; every form carries the session's CSRF token. */
const adminDashboard = new Hono<AdminEnv>();

adminDashboard.use('/campaigns/:slug', pageSession, campaignAccess);
adminDashboard.use('/campaigns/:slug/*', pageSession, campaignAccess);

adminDashboard.get('/campaigns/:slug', async (c) => {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const campaign = c.var.campaign;
  const db = c.env.DB;
  const now = Date.now();
  const [stats, { stats: deliveries, byAddress }, origins, log, tokens, sources, targets, holds, pause] = await Promise.all([
    campaignStats(db, campaign.id, now),
    deliveryOverview(db, campaign.id),
    sourceStats(db, campaign.id, now),
    listModerationLog(db, campaign.id),
    listTokens(db, campaign.slug),
    topSources(db, campaign.id, NETWORK_PREFIX),
    listTargets(db, campaign.id),
    listHolds(db, campaign.id),
    currentPause(db, now),
  ]);
  // Delivery per address: the campaign inbox, each target, then any other address mailed.
  const addresses = addressRows(campaign, targets, byAddress, holds, c.var.i18n);
  return c.render(
    <DashboardPage campaign={campaign} email={p.email} csrf={p.csrf} stats={stats} deliveries={deliveries} addresses={addresses} now={now}
      origins={origins} log={log} tokens={tokens} sources={sources} i18n={c.var.i18n}><MailStatus pause={pause} campaign={campaign} i18n={c.var.i18n} /></DashboardPage>,
    { title: c.var.i18n.t('admin.dashboardTitle', { title: campaign.title }), scripts: ['/admin.js'] },
  );
});

adminDashboard.post('/campaigns/:slug/retry-dead', csrfForm, async (c) => {
  const campaign = c.var.campaign;
  await runBatch(c.env.DB, retryDeadStatements(campaign.id, actorOf(c.var.principal), Date.now()));
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#deliveries-heading`), 303);
});


export default adminDashboard;
