import { type Context, Hono } from 'hono';
import { listForModeration } from '../db/dashboard';
import { listModerationLog, type ModerationAction } from '../db/moderation';
import { moderateMany, type ModerationOutcome } from '../db/moderation-bulk';
import { spamImpact } from '../db/spam-impact';
import { AppError } from '../errors';
import { msg } from '../i18n/index';
import { BulkForm, MessagesQuery, ModerateForm, type MessageFilter } from '../schemas/moderation';
import { MessagesPage } from '../views/admin/messages-page';
import { SpamConfirmPage } from '../views/admin/spam-confirm';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { purgePublic } from './public-cache';
import { formBody, query } from './validation';

/** The messages of a campaign: filters, keyset pages, one or many moderated at once. */
const adminMessages = new Hono<AdminEnv>();

adminMessages.use('/campaigns/:slug/messages', pageSession, campaignAccess);
adminMessages.use('/campaigns/:slug/messages/*', pageSession, campaignAccess);
adminMessages.use('/campaigns/:slug/moderate', pageSession, campaignAccess);

const PAGE = 30;
// The forms are buttons and boxes with hidden fields: a refused one has nothing to show
// again, so it is an error page naming every problem, as a bad query is.
const badRequest = msg('error.admin.request');

adminMessages.get('/campaigns/:slug/messages', query(MessagesQuery, badRequest), async (c) => {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const { campaign, i18n } = c.var;
  const q = c.req.valid('query');
  const before = q.before ?? null;
  const [items, log] = await Promise.all([
    listForModeration(c.env.DB, campaign.id, before, PAGE, q.filter, campaign.settings.moderation),
    listModerationLog(c.env.DB, campaign.id),
  ]);
  const next = items.length === PAGE ? (items.at(-1)?.id ?? null) : null;
  const done = q.done ? { action: q.done, changed: q.changed ?? 0, onWall: q.onWall ?? 0 } : null;
  return c.render(
    <MessagesPage campaign={campaign} csrf={p.csrf} filter={q.filter} items={items} before={before} next={next} done={done} log={log} i18n={i18n} />,
    { title: i18n.t('admin.messages.pageHeading', { title: campaign.title }), scripts: ['/admin.js'] },
  );
});

/** Runs the action and purges the public pages; `back` is the list again, with the outcome. */
async function moderate(c: Context<AdminEnv>, ids: number[], action: ModerationAction, back: { filter: MessageFilter; before?: number }): Promise<ModerationOutcome & { back: string }> {
  const campaign = c.var.campaign;
  const outcome = await moderateMany(c.env.DB, campaign.id, ids, action, campaign.settings.moderation, actorOf(c.var.principal), Date.now());
  if (outcome.changed > 0) await purgePublic(c, campaign.slug);
  const params = new URLSearchParams({ filter: back.filter, ...(back.before ? { before: String(back.before) } : {}), done: action, changed: String(outcome.changed), onWall: String(outcome.onWall) });
  return { ...outcome, back: c.var.i18n.link(`/admin/campaigns/${campaign.slug}/messages?${params}#moderation-heading`) };
}

/**
 * "Mark as spam" asks first: the page that says what it will do, its button sending the same
 * fields again with `confirm=yes`. Null when there is nothing to ask about.
 */
async function askFirst(c: Context<AdminEnv>, path: string, ids: number[], place: { filter: MessageFilter; before?: number | undefined }) {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const { campaign, i18n } = c.var;
  const impact = await spamImpact(c.env.DB, campaign.id, ids);
  if (impact.signatures === 0) return null;
  const fields: [string, string][] = [...ids.map((id): [string, string] => ['id', String(id)]), ['action', 'spam'], ['filter', place.filter]];
  if (place.before) fields.push(['before', String(place.before)]);
  const back = `/admin/campaigns/${campaign.slug}/messages?filter=${place.filter}${place.before ? `&before=${place.before}` : ''}#moderation-heading`;
  return c.render(<SpamConfirmPage campaign={campaign} csrf={p.csrf} action={path} fields={fields} impact={impact} back={back} i18n={i18n} />, {
    title: i18n.t('admin.spamConfirm.heading', { count: impact.signatures }),
  });
}

// One message's button. Nothing to change (another campaign's signature, or one already so) is a 404.
adminMessages.post('/campaigns/:slug/moderate', csrfForm, formBody(ModerateForm, badRequest), async (c) => {
  const { id, action, filter, before, confirm } = c.req.valid('form');
  if (action === 'spam' && confirm !== 'yes') {
    const page = await askFirst(c, `/admin/campaigns/${c.var.campaign.slug}/moderate`, [id], { filter, before });
    if (!page) throw new AppError('not_found', 'error.admin.noSignature');
    return page;
  }
  const outcome = await moderate(c, [id], action, { filter, before });
  if (outcome.changed === 0) throw new AppError('not_found', 'error.admin.noSignature');
  return c.redirect(outcome.back, 303);
});

// Several at once, one batch: the boxes ticked, or every message of the page.
adminMessages.post('/campaigns/:slug/messages/bulk', csrfForm, formBody(BulkForm, badRequest), async (c) => {
  const { ids, action, filter, before, confirm } = c.req.valid('form');
  if (action === 'spam' && confirm !== 'yes') {
    const page = await askFirst(c, `/admin/campaigns/${c.var.campaign.slug}/messages/bulk`, ids, { filter, before });
    if (page) return page;
  }
  return c.redirect((await moderate(c, ids, action, { filter, before })).back, 303);
});

export default adminMessages;
