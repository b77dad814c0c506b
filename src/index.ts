import { Hono } from 'hono';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { closeDueCampaigns } from './db/campaign-files';
import { PRIVACY_CRON, runPrivacySweep } from './db/privacy';
import { runCron } from './email/cron';
import { receiveReply } from './email/inbound';
import { linkSecret, mailConfig } from './email/index';
import type { AppEnv, Bindings } from './env';
import { AppError } from './errors';
import { followUpSilentTargets } from './flows/follow-ups';
import { buildLedgers, LEDGER_SHARE, sealLedgers } from './flows/ledger';
import { handleError } from './middleware/errors-handler';
import { middlewareChain, useChain } from './middleware/chain';
import { meteredDb } from './middleware/metrics';
import adminApi from './routes/admin-api';
import adminCampaignApi from './routes/admin-campaign-api';
import adminCliApi from './routes/admin-cli-api';
import adminCampaigns from './routes/admin-campaigns';
import adminDashboard from './routes/admin-dashboard';
import adminDeliveries from './routes/admin-deliveries';
import adminExport from './routes/admin-export';
import adminLogin from './routes/admin-login';
import adminPickets from './routes/admin-pickets';
import adminReplies from './routes/admin-replies';
import adminLookup from './routes/admin-lookup';
import adminMessages from './routes/admin-messages';
import adminSpam from './routes/admin-spam';
import adminUpdates from './routes/admin-updates';
import adminUpdatesApi from './routes/admin-updates-api';
import adminTeam from './routes/admin-team';
import api from './routes/api';
import countries from './routes/countries';
import dev from './routes/dev';
import embeds from './routes/embeds';
import ledger from './routes/ledger';
import links from './routes/links';
import notMe from './routes/not-me';
import pages from './routes/pages';
import picketLinks from './routes/picket-links';
import pickets from './routes/pickets';
import signed from './routes/signed';
import unsubscribeRoutes from './routes/unsubscribe';
import webhooks from './routes/webhooks';
import { Budget, budgetedDb, messagesPerInvocation, planProfile } from './lib/budget';

// Hono's fastest router, on its own: it takes no route whose path has a parameter where
// another has text (`/s/p/:token` beside `/s/:token`): adding such a route throws
// UnsupportedPathError, so the Worker does not start and none slips in unnoticed (the default
// router would fall back to a slower one without a word).
const app = new Hono<AppEnv>({ router: new RegExpRouter() });

// Request id, language, D1 metrics, secure headers, 405s, body limit, csrf and no-store by
// path, canonical slugs, the renderer: in that order, see middleware/chain.ts.
useChain(app, middlewareChain(app));

/** The cheapest route: the benchmark's baseline for this machine and harness. */
app.get('/health', (c) => c.text('ok'));

app.route('/', embeds);
app.route('/', pages);
app.route('/', signed);
app.route('/', picketLinks);
app.route('/', links);
app.route('/', pickets);
app.route('/', notMe);
app.route('/', ledger);
app.route('/', unsubscribeRoutes);
app.route('/api', api);
app.route('/api', countries);
app.route('/api', webhooks);
app.route('/api', adminApi);
app.route('/api', adminUpdatesApi);
app.route('/api', adminCampaignApi);
app.route('/api', adminCliApi);
app.route('/admin', adminLogin);
app.route('/admin', adminCampaigns);
app.route('/admin', adminTeam);
app.route('/admin', adminDashboard);
app.route('/admin', adminDeliveries);
app.route('/admin', adminExport);
app.route('/admin', adminSpam);
app.route('/admin', adminPickets);
app.route('/admin', adminReplies);
app.route('/admin', adminLookup);
app.route('/admin', adminMessages);
app.route('/admin', adminUpdates);
app.route('/dev', dev);

app.notFound(() => {
  throw new AppError('not_found', 'error.pageNotFound');
});
app.onError(handleError);

const handler = {
  fetch: app.fetch,
  /**
   * Crons: the outbox (digests, then whatever request-time drains left) every minute; the
   * privacy sweep and the sealing of finished ledger days daily. Awaited, not left to
   * waitUntil, so a failure fails the invocation.
   */
  async scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext): Promise<void> {
    if (controller.cron === PRIVACY_CRON) {
      console.log('privacy: daily sweep', await runPrivacySweep(meteredDb(env), controller.scheduledTime));
      // Yesterday's ledger roots are stored for good, even for a campaign nobody looked at.
      // Within the invocation's subrequests (Workers Free: 50): what does not fit, the minute cron builds.
      const budget = new Budget(Math.floor(planProfile(env.WORKERS_PLAN).maxSubrequests / 2));
      console.log('ledger: sealed finished days', { campaigns: await sealLedgers(budgetedDb(meteredDb(env), budget), controller.scheduledTime, budget) });
      // After sealing: a follow-up counts the deliveries of the sealed days.
      const mail = mailConfig(env);
      if (mail.ok) console.log('replies: follow-ups to silent targets', { written: await followUpSilentTargets(meteredDb(env), mail.links.baseUrl, controller.scheduledTime) });
      return;
    }
    // Campaigns past their closing time are stored closed (read time already shows them so).
    // A failure here must not stop the mail: it is logged, and fails the run after the drain.
    // One budget of subrequests for the whole run (Workers Free: 50), the drain last.
    const profile = planProfile(env.WORKERS_PLAN);
    const budget = new Budget(profile.maxSubrequests);
    const closing = closeDueCampaigns(budgetedDb(meteredDb(env), budget), controller.scheduledTime).then(
      (closed) => void (closed.length > 0 && console.log('campaigns: closed at their closing time', { closed })),
      (err: unknown) => {
        console.error('campaigns: closing those past their closing time failed', err);
        return err;
      },
    );
    const failed = await closing;
    // The delivery ledger's trees, a bounded step or two (flows/ledger.ts; two queries when idle).
    const forLedger = new Budget(Math.min(LEDGER_SHARE, budget.left));
    const ledgerFailed = await buildLedgers(budgetedDb(meteredDb(env), forLedger), controller.scheduledTime, forLedger).then(
      (steps) => void (steps > 0 && console.log('ledger: trees built', { steps })),
      (err: unknown) => {
        console.error('ledger: building the trees failed', err);
        return err;
      },
    );
    budget.spend(forLedger.spent);
    await runCron(meteredDb(env), mailConfig(env), controller.scheduledTime, budget, messagesPerInvocation(profile));
    if (failed) throw failed;
    if (ledgerFailed) throw ledgerFailed;
  },
  /**
   * Mail to the campaigns' reply addresses (Cloudflare Email Routing's catch-all rule sends it
   * here): a target's answer is stored; anything else is refused with an SMTP reason.
   */
  async email(message: ForwardableEmailMessage, env: Bindings, _ctx: ExecutionContext): Promise<void> {
    const secret = linkSecret(env);
    if (!secret) {
      console.error('replies: LINK_SECRET is not set, so no reply address can be checked');
      message.setReject('Temporarily unable to take mail for this address');
      return;
    }
    const outcome = await receiveReply(meteredDb(env), secret, message, Date.now());
    console.log('replies: inbound mail', { to: message.to, ...outcome });
  },
} satisfies ExportedHandler<Bindings>;

// Every route the app answers, as Hono lists them, for the tests that try each one (drafts,
// spellings). Not enumerable: workerd and the entry test see the handler only.
Object.defineProperty(handler, 'routes', { value: app.routes, enumerable: false });

export default handler;
