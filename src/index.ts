import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { PRIVACY_CRON, runPrivacySweep } from './db/privacy';
import { runCron } from './email/cron';
import { mailConfig } from './email/index';
import type { AppEnv, Bindings } from './env';
import { AppError } from './errors';
import { handleError } from './middleware/errors-handler';
import { globalMiddleware } from './middleware/chain';
import { meteredDb } from './middleware/metrics';
import { noStore } from './middleware/security';
import adminApi from './routes/admin-api';
import adminDashboard from './routes/admin-dashboard';
import adminLogin from './routes/admin-login';
import api from './routes/api';
import dev from './routes/dev';
import embeds from './routes/embeds';
import links from './routes/links';
import pages from './routes/pages';

const app = new Hono<AppEnv>();

// Request id, language, D1 metrics, secure headers, 405s, body limit, renderer: see chain.ts.
for (const m of globalMiddleware(app)) app.use(m.handler);
// Forms only accept posts from our own pages; the JSON API takes JSON only (a cross-site
// form cannot send that without a CORS preflight).
app.use('/c/*', csrf());
app.use('/s/*', csrf());
// Admin forms also carry a per-session token (admin-auth.ts); this refuses other origins first.
app.use('/admin', csrf(), noStore);
app.use('/api/admin/*', noStore);
app.use('/admin/*', csrf(), noStore);

/** The cheapest route: the benchmark's baseline for this machine and harness. */
app.get('/health', (c) => c.text('ok'));

app.route('/', embeds);
app.route('/', pages);
app.route('/', links);
app.route('/api', api);
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
  /**
   * Crons: the outbox (digests, then whatever request-time drains left) every minute; the
   * privacy sweep daily. Awaited, not left to waitUntil, so a failure fails the invocation.
   */
  async scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext): Promise<void> {
    if (controller.cron === PRIVACY_CRON) {
      console.log('privacy: daily sweep', await runPrivacySweep(meteredDb(env), controller.scheduledTime));
      return;
    }
    await runCron(meteredDb(env), mailConfig(env), controller.scheduledTime);
  },
} satisfies ExportedHandler<Bindings>;
