import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { PRIVACY_CRON, runPrivacySweep } from './db/privacy';
import { runCron } from './email/cron';
import { mailConfig } from './email/index';
import type { AppEnv, Bindings } from './env';
import { AppError } from './errors';
import { sealLedgers } from './flows/ledger';
import { handleError } from './errors-handler';
import { chooseLanguage } from './i18n/request';
import { d1Metrics } from './metrics';
import { renderer } from './renderer';
import adminApi from './routes/admin-api';
import adminDashboard from './routes/admin-dashboard';
import adminLogin from './routes/admin-login';
import { noStore, securityHeaders } from './security';
import api from './routes/api';
import dev from './routes/dev';
import embeds from './routes/embeds';
import ledger from './routes/ledger';
import links from './routes/links';
import pages from './routes/pages';
import webhooks from './routes/webhooks';

const app = new Hono<AppEnv>();

app.use(chooseLanguage);
app.use(d1Metrics);
app.use(securityHeaders);
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
app.use('/s/*', csrf());
// Admin forms also carry a per-session token (admin-auth.ts); this refuses other origins first.
app.use('/admin', csrf(), noStore);
app.use('/api/admin/*', noStore);
app.use('/admin/*', csrf(), noStore);
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
app.route('/dev', dev);

app.notFound(() => {
  throw new AppError('not_found', 'error.pageNotFound');
});
app.onError(handleError);

export default {
  fetch: app.fetch,
  /** Crons: the outbox (digests, then whatever request-time drains left) every minute; the privacy sweep and ledger sealing daily. */
  async scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
    if (controller.cron === PRIVACY_CRON) {
      ctx.waitUntil(
        runPrivacySweep(env.DB, controller.scheduledTime)
          .then((r) => console.log('privacy: daily sweep', r))
          .catch((err: unknown) => console.error('privacy: daily sweep failed', err)),
      );
      // Yesterday's ledger roots are stored for good, even for a campaign nobody looked at.
      ctx.waitUntil(
        sealLedgers(env.DB, controller.scheduledTime)
          .then((n) => console.log('ledger: sealed days', { campaigns: n }))
          .catch((err: unknown) => console.error('ledger: sealing failed', err)),
      );
      return;
    }
    ctx.waitUntil(runCron(env.DB, mailConfig(env), controller.scheduledTime));
  },
} satisfies ExportedHandler<Bindings>;
