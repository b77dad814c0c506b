import { Hono } from 'hono';
import * as v from 'valibot';
import { listTokens, revokeTokenStatements } from '../db/api-tokens';
import { campaignStats, listForModeration } from '../db/dashboard';
import { listModerationLog, moderationStatements, retryDeadStatements } from '../db/moderation';
import { deliveryStats } from '../db/delivery-stats';
import { listTargets } from '../db/campaigns';
import { deliveryByAddress, listDeliveryMessages } from '../db/delivery-targets';
import { intervalMs, listHolds, retryAddressLogStatement, retryAddressStatements } from '../db/holds';
import { runBatch } from '../db/statements';
import { AppError } from '../errors';
import { type Translate, msg } from '../i18n/index';
import { DashboardPage } from '../views/admin/dashboard';
import { DeliveryMessagesPage } from '../views/admin/delivery-messages';
import { addressRows } from '../views/admin/delivery-targets';
import { actorOf, type AdminEnv, assertCsrf, campaignAccess, pageSession } from './admin-auth';
import { scheduleDrain } from './context';
import { fieldIssues } from './validation';
import { purgePublic } from './public-cache';

/** The dashboard of one campaign and its forms; every form carries the session's CSRF token. */
const adminDashboard = new Hono<AdminEnv>();

adminDashboard.use('/campaigns/:slug', pageSession, campaignAccess);
adminDashboard.use('/campaigns/:slug/*', pageSession, campaignAccess);

const PAGE = 30;
// Messages are catalog keys: answered in the organiser's language.
const id = v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/, msg('error.admin.id')), v.transform(Number));
const BeforeQuery = v.object({ before: v.optional(id) });
const ModerateForm = v.object({ id, action: v.picklist(['approve', 'hide', 'spam'], msg('error.admin.action')) });
const address = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254, msg('error.admin.address')), v.regex(/^[^\s@<>,"]+@[^\s@<>,"]+$/, msg('error.admin.address')));
const MessagesQuery = v.object({ before: v.optional(id), to: v.optional(address) });
const RetryAddressForm = v.object({ address });

/** Parses or refuses with every problem named, in the language of `t`. */
function parse<S extends v.GenericSchema>(schema: S, input: unknown, t: Translate): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    const issues = fieldIssues(result.issues);
    throw new AppError('validation_failed', 'error.admin.request', issues, undefined, { details: issues.map((i) => t(i.key, i.vars)).join('; ') });
  }
  return result.output;
}

adminDashboard.get('/campaigns/:slug', async (c) => {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const campaign = c.var.campaign;
  const { before } = parse(BeforeQuery, c.req.query(), c.var.i18n.t);
  const db = c.env.DB;
  const now = Date.now();
  const [stats, deliveries, messages, log, tokens, targets, byAddress, holds] = await Promise.all([
    campaignStats(db, campaign.id, now),
    deliveryStats(db, campaign.id),
    listForModeration(db, campaign.id, before ?? null, PAGE),
    listModerationLog(db, campaign.id),
    listTokens(db, campaign.slug),
    listTargets(db, campaign.id),
    deliveryByAddress(db, campaign.id),
    listHolds(db, campaign.id),
  ]);
  const nextBefore = messages.length === PAGE ? (messages.at(-1)?.id ?? null) : null;
  const addresses = addressRows(campaign, targets, byAddress, holds, c.var.i18n);
  return c.render(
    <DashboardPage campaign={campaign} email={p.email} csrf={p.csrf} stats={stats} deliveries={deliveries} addresses={addresses} now={now}
      messages={messages} nextBefore={nextBefore} log={log} tokens={tokens} i18n={c.var.i18n} />,
    { title: c.var.i18n.t('admin.dashboardTitle', { title: campaign.title }) },
  );
});

adminDashboard.post('/campaigns/:slug/moderate', async (c) => {
  const form = await c.req.parseBody();
  assertCsrf(c.var.principal, form._csrf);
  const { id: signatureId, action } = parse(ModerateForm, { id: form.id, action: form.action }, c.var.i18n.t);
  const campaign = c.var.campaign;
  const [logged] = await runBatch(c.env.DB, moderationStatements(campaign.id, signatureId, action, actorOf(c.var.principal), Date.now()));
  if (!logged?.meta.changes) throw new AppError('not_found', 'error.admin.noSignature');
  await purgePublic(c, campaign.slug);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#moderation-heading`), 303);
});

adminDashboard.post('/campaigns/:slug/retry-dead', async (c) => {
  assertCsrf(c.var.principal, (await c.req.parseBody())._csrf);
  const campaign = c.var.campaign;
  await runBatch(c.env.DB, retryDeadStatements(campaign.id, actorOf(c.var.principal), Date.now()));
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#deliveries-heading`), 303);
});

adminDashboard.get('/campaigns/:slug/deliveries', async (c) => {
  const campaign = c.var.campaign;
  const { before, to } = parse(MessagesQuery, c.req.query(), c.var.i18n.t);
  const messages = await listDeliveryMessages(c.env.DB, campaign.id, to ?? null, before ?? null, PAGE);
  const nextBefore = messages.length === PAGE ? (messages.at(-1)?.id ?? null) : null;
  return c.render(
    <DeliveryMessagesPage campaign={campaign} address={to ?? null} messages={messages} nextBefore={nextBefore} now={Date.now()} i18n={c.var.i18n} />,
    { title: c.var.i18n.t('admin.messagesView.heading', { title: campaign.title }) },
  );
});

// Releases the mail held for one address (after a bounce or complaint), spaced out again.
adminDashboard.post('/campaigns/:slug/holds/retry', async (c) => {
  const form = await c.req.parseBody();
  assertCsrf(c.var.principal, form._csrf);
  const { address: to } = parse(RetryAddressForm, { address: form.address }, c.var.i18n.t);
  const campaign = c.var.campaign;
  const perHour = to === campaign.mailTo.toLowerCase() ? campaign.settings.campaignPerHour : campaign.settings.targetPerHour;
  const now = Date.now();
  await runBatch(c.env.DB, [
    retryAddressLogStatement(campaign.id, `to:${to}`, actorOf(c.var.principal), now),
    ...retryAddressStatements(campaign.id, `to:${to}`, intervalMs(perHour), now),
  ]);
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#deliveries-heading`), 303);
});

adminDashboard.post('/campaigns/:slug/tokens/:id/revoke', async (c) => {
  assertCsrf(c.var.principal, (await c.req.parseBody())._csrf);
  const tokenId = parse(id, c.req.param('id'), c.var.i18n.t);
  const campaign = c.var.campaign;
  await runBatch(c.env.DB, revokeTokenStatements(campaign.slug, tokenId, Date.now()));
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#tokens-heading`), 303);
});

export default adminDashboard;
