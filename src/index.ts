import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { PRIVACY_CRON, runPrivacySweep } from './db/privacy';
import { runCron } from './email/cron';
import { mailConfig } from './email/index';
import type { AppEnv, Bindings } from './env';
import { AppError } from './errors';
import { sealLedgers } from './flows/ledger';
import { handleError } from './middleware/errors-handler';
import { chooseLanguage } from './middleware/language';
import { canonicalSlug } from './middleware/canonical-slug';
import { allowedMethods } from './middleware/methods';
import { d1Metrics } from './middleware/metrics';
import { renderer } from './middleware/renderer';
import { requestId } from './middleware/request-id';
import { noStore, securityHeaders } from './middleware/security';
import adminApi from './routes/admin-api';
import adminDashboard from './routes/admin-dashboard';
import adminDeliveries from './routes/admin-deliveries';
import adminLogin from './routes/admin-login';
import adminSpam from './routes/admin-spam';
import api from './routes/api';
import dev from './routes/dev';
import embeds from './routes/embeds';
import ledger from './routes/ledger';
import links from './routes/links';
import pages from './routes/pages';
import webhooks from './routes/webhooks';

const app = new Hono<AppEnv>();

app.use(requestId);
app.use(chooseLanguage);
app.use(d1Metrics);
app.use(securityHeaders);
// A known path asked with a method it does not take is a 405, before csrf() sees it.
app.use(allowedMethods(app));
app.use(
  bodyLimit({
    maxSize: 32 * 1024,
    onError: () => {
      throw new AppError('payload_too_large', 'error.tooLarge');
    },
  }),
);
// Forms only accept posts from our own pages; the JSON API takes JSON only (a cross-site
// form cannot send that without a CORS preflight).
app.use('/c/*', csrf());
// Pages behind a link token are the supporter's own: no cache keeps them, errors included.
app.use('/s/*', noStore, csrf());
// Admin forms also carry a per-session token (admin-auth.ts); this refuses other origins first.
app.use('/admin', csrf(), noStore);
app.use('/api/admin/*', noStore);
app.use('/admin/*', csrf(), noStore);
// Before anything reads D1: one spelling per campaign URL.
app.use(canonicalSlug);
app.use(renderer);

/** The cheapest route: the benchmark's baseline for this machine and harness. */
app.get('/health', (c) => c.text('ok'));

app.route('/', embeds);
app.route('/', pages);
app.route('/', links);
app.route('/', ledger);
app.route('/api', api);
app.route('/api', webhooks);
app.route('/api', adminApi);
app.route('/admin', adminLogin);
app.route('/admin', adminDashboard);
app.route('/admin', adminDeliveries);
app.route('/admin', adminSpam);
app.route('/dev', dev);

app.notFound(() => {
  throw new AppError('not_found', 'error.pageNotFound');
});
app.onError(handleError);

export default {
  fetch: app.fetch,
  /**
   * Crons: the outbox (digests, then whatever request-time drains left) every minute; the
   * privacy sweep and the sealing of finished ledger days daily. Awaited, not left to
   * waitUntil, so a failure fails the invocation.
   */
  async scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext): Promise<void> {
    if (controller.cron === PRIVACY_CRON) {
      console.log('privacy: daily sweep', await runPrivacySweep(env.DB, controller.scheduledTime));
      // Yesterday's ledger roots are stored for good, even for a campaign nobody looked at.
      console.log('ledger: sealed finished days', { campaigns: await sealLedgers(env.DB, controller.scheduledTime) });
      return;
    }
    await runCron(env.DB, mailConfig(env), controller.scheduledTime);
  },
} satisfies ExportedHandler<Bindings>;
