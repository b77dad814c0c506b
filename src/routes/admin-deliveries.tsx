import { Hono } from 'hono';
import * as v from 'valibot';
import { listDeliveryMessages, type MessageCursor } from '../db/delivery-targets';
import { retryAddressLogStatement, retryAddressStatements } from '../db/holds';
import { throttleKey } from '../db/mail-slots';
import { runBatch } from '../db/statements';
import { msg } from '../i18n/index';
import { DeliveryMessagesPage } from '../views/admin/delivery-messages';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { scheduleDrain } from './context';
import { formBody, query } from './validation';

/** An organiser's view of each forwarded message, and the retry of an address whose mail is held. */
const adminDeliveries = new Hono<AdminEnv>();

// Its own guards, so it never depends on being mounted after the dashboard (whose
// '/campaigns/:slug/*' guards match these paths too: a second, cheap check).
adminDeliveries.use('/campaigns/:slug/deliveries', pageSession, campaignAccess);
adminDeliveries.use('/campaigns/:slug/holds/*', pageSession, campaignAccess);

const PAGE = 50;
// A page ends at a forward's outbox key (c<campaign>:s<signature>.<created>:<recipient>), or
// below a signature id (`s<id>`) when a stretch of signatures held less than a page.
const cursor = v.pipe(
  v.string(),
  v.regex(/^(c\d{1,15}:s[1-9]\d{0,14}\.\d{1,15}:(campaign|target)|s[1-9]\d{0,14})$/, msg('error.admin.cursor')),
  v.transform((key): MessageCursor => (key.startsWith('s') ? { signatureId: Number(key.slice(1)), key: null } : { signatureId: Number(/:s(\d+)\./.exec(key)?.[1]), key })),
);
const address = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254, msg('error.admin.address')), v.regex(/^[^\s@<>,"]+@[^\s@<>,"]+$/, msg('error.admin.address')));
const MessagesQuery = v.object({ before: v.optional(cursor), to: v.optional(address) });
const RetryAddressForm = v.object({ address });
const badRequest = msg('error.admin.request');

adminDeliveries.get('/campaigns/:slug/deliveries', query(MessagesQuery, badRequest), async (c) => {
  const campaign = c.var.campaign;
  const { before, to } = c.req.valid('query');
  const { messages, next } = await listDeliveryMessages(c.env.DB, campaign.id, to ?? null, before ?? null, PAGE);
  const nextBefore = next === null ? null : (next.key ?? `s${next.signatureId}`);
  return c.render(
    <DeliveryMessagesPage campaign={campaign} address={to ?? null} messages={messages} nextBefore={nextBefore} now={Date.now()} i18n={c.var.i18n} />,
    { title: c.var.i18n.t('admin.messagesView.heading', { title: campaign.title }) },
  );
});

// Releases the mail held for one address (after a bounce or complaint): its send budget spreads it out again.
adminDeliveries.post('/campaigns/:slug/holds/retry', csrfForm, formBody(RetryAddressForm, badRequest), async (c) => {
  const { address: to } = c.req.valid('form');
  const campaign = c.var.campaign;
  const now = Date.now();
  const key = throttleKey(to);
  await runBatch(c.env.DB, [
    retryAddressLogStatement(campaign.id, key, actorOf(c.var.principal), now),
    ...retryAddressStatements(campaign.id, key, now),
  ]);
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#deliveries-heading`), 303);
});

export default adminDeliveries;
