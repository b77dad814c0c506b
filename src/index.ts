import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { drainOutbox } from './email/drain';
import { mailConfig } from './email/index';
import type { AppEnv, Bindings } from './env';
import { AppError } from './errors';
import { handleError } from './errors-handler';
import { renderer } from './renderer';
import api from './routes/api';
import dev from './routes/dev';
import embeds, { embeddable } from './routes/embeds';
import links from './routes/links';
import pages from './routes/pages';

const app = new Hono<AppEnv>();

// Registered first so they run last: they relax secureHeaders for what other sites embed.
app.use('/c/:slug/embed', embeddable({ frame: true }));
app.use('/c/:slug/badge.svg', embeddable({ frame: false }));

app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
  }),
);
app.use(
  bodyLimit({
    maxSize: 32 * 1024,
    onError: () => {
      throw new AppError('payload_too_large', 'The request is too large (at most 32 KB).');
    },
  }),
);
// Forms only accept posts from our own pages; the JSON API takes JSON only (a cross-site
// form cannot send that without a CORS preflight).
app.use('/c/*', csrf());
app.use('/s/*', csrf());
app.use(renderer);

app.route('/', embeds);
app.route('/', pages);
app.route('/', links);
app.route('/api', api);
app.route('/dev', dev);

app.notFound(() => {
  throw new AppError('not_found', 'Page not found.');
});
app.onError(handleError);

export { app };

export default {
  fetch: app.fetch,
  /** The cron sweeper: whatever the request-time drains left (failures, throttled mail). */
  async scheduled(_controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(drainOutbox(env.DB, mailConfig(env), { maxMessages: 1000 }).then((r) => console.log('outbox: cron drain', r)));
  },
} satisfies ExportedHandler<Bindings>;
