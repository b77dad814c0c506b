import { Hono } from 'hono';
import { deliveryStats } from '../db/delivery-stats';
import { listDevMail } from '../db/dev-mailbox';
import { latestReplies } from '../db/replies';
import { mailStatus } from '../email/index';
import { type AppEnv, isDev } from '../env';
import { AppError } from '../errors';
import { MailboxPage } from '../views/mailbox';

/** The dev mailbox: only when no mail provider is configured and not in production. */
const dev = new Hono<AppEnv>();

dev.use('*', async (c, next) => {
  if (!isDev(c.env)) throw new AppError('not_found', 'error.pageNotFound');
  await next();
});

dev.get('/mailbox', async (c) => {
  const [mails, stats, replies] = await Promise.all([listDevMail(c.env.DB), deliveryStats(c.env.DB, null), latestReplies(c.env.DB)]);
  return c.render(<MailboxPage mails={mails} stats={stats} mail={mailStatus(c.env)} replies={replies} />, { title: 'Dev mailbox' });
});

dev.get('/mailbox.json', async (c) => {
  const mails = await listDevMail(c.env.DB);
  return c.json(mails.map(({ to, cc, replyTo, from, subject, text, html, headers, created }) => ({ to, cc, replyTo, from, subject, text, html, headers: headers ?? {}, created })));
});

export default dev;
