import { type Context, Hono } from 'hono';
import { listTargets } from '../db/campaigns';
import { getReply, listReplies } from '../db/replies';
import { targetAnswers, targetByKey } from '../db/target-answers';
import { AppError } from '../errors';
import { markTarget, publishReply, unpublishReply } from '../flows/replies';
import { msg } from '../i18n/index';
import { isExcerptOf } from '../lib/excerpt';
import { AnswerForm, PublishForm, RepliesQuery, ReplyParam, TargetParam } from '../schemas/reply';
import { type RepliesForm, RepliesPage } from '../views/admin/replies-page';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { baseUrl, scheduleDrain } from './context';
import { purgePublic } from './public-cache';
import { formBody, type OnInvalidForm, param, query, refuseForm } from './validation';

/** What the targets answered (issue 28): replies, publishing, and each target's status. */
const adminReplies = new Hono<AdminEnv>();

adminReplies.use('/campaigns/:slug/replies', pageSession, campaignAccess);
adminReplies.use('/campaigns/:slug/replies/*', pageSession, campaignAccess);
adminReplies.use('/campaigns/:slug/targets/*', pageSession, campaignAccess);

const PAGE = 20;
const badRequest = msg('error.admin.request');

async function renderPage(c: Context<AdminEnv>, before: number | null, refused: RepliesForm | null) {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const { campaign, i18n } = c.var;
  const [targets, answers, replies] = await Promise.all([
    listTargets(c.env.DB, campaign.id),
    targetAnswers(c.env.DB, campaign.id),
    listReplies(c.env.DB, campaign.id, PAGE, before),
  ]);
  const next = replies.length === PAGE ? (replies.at(-1)?.id ?? null) : null;
  return c.render(<RepliesPage campaign={campaign} csrf={p.csrf} targets={targets} answers={answers} replies={replies} next={next} refused={refused} i18n={i18n} />, {
    title: i18n.t('admin.replies.heading', { title: campaign.title }),
  });
}

adminReplies.get('/campaigns/:slug/replies', query(RepliesQuery, badRequest), (c) => renderPage(c, c.req.valid('query').before ?? null, null));

/** The page again with one reply's publish form refused (its id from the path). */
const publishAgain: OnInvalidForm = (c, state) => renderPage(c, null, { reply: Number(c.req.param('id')), state });

async function replyOf(c: Context<AdminEnv>, id: number) {
  const reply = await getReply(c.env.DB, c.var.campaign.id, id);
  if (!reply) throw new AppError('not_found', 'error.reply.notFound');
  return reply;
}

const back = (c: Context<AdminEnv>, anchor: string) => c.redirect(c.var.i18n.link(`/admin/campaigns/${c.var.campaign.slug}/replies#${anchor}`), 303);

// Publishing: the organiser's text must be the reply's own words (all of it, or parts joined by …).
adminReplies.post('/campaigns/:slug/replies/:id/publish', csrfForm, param(ReplyParam, badRequest), formBody(PublishForm, publishAgain), async (c) => {
  const reply = await replyOf(c, c.req.valid('param').id);
  const { text } = c.req.valid('form');
  if (!isExcerptOf(text, reply.text)) return refuseForm(c, [{ field: 'text', key: 'error.reply.notExcerpt' }], publishAgain);
  const campaign = c.var.campaign;
  if (reply.publishedAt === null) {
    const target = (await listTargets(c.env.DB, campaign.id)).find((t) => t.id === reply.targetKey) ?? { name: reply.targetName, names: {} };
    const ledgerUrl = `${baseUrl(c)}/c/${campaign.slug}/deliveries`;
    await publishReply(c.env.DB, campaign, reply, { text, target, ledgerUrl }, actorOf(c.var.principal), Date.now());
    scheduleDrain(c);
  }
  await purgePublic(c, campaign.slug);
  return back(c, 'replies-heading');
});

adminReplies.post('/campaigns/:slug/replies/:id/unpublish', csrfForm, param(ReplyParam, badRequest), async (c) => {
  const reply = await replyOf(c, c.req.valid('param').id);
  if (reply.publishedAt !== null) await unpublishReply(c.env.DB, c.var.campaign, reply, actorOf(c.var.principal), Date.now());
  await purgePublic(c, c.var.campaign.slug);
  return back(c, 'replies-heading');
});

const markAgain: OnInvalidForm = (c, state) => renderPage(c, null, { target: c.req.param('key'), state });

adminReplies.post('/campaigns/:slug/targets/:key/answer', csrfForm, param(TargetParam, badRequest), formBody(AnswerForm, markAgain), async (c) => {
  const campaign = c.var.campaign;
  const target = await targetByKey(c.env.DB, campaign.id, c.req.valid('param').key);
  if (!target) throw new AppError('not_found', 'error.reply.noTarget');
  const before = (await targetAnswers(c.env.DB, campaign.id)).find((a) => a.targetId === target.id) ?? { status: 'none' as const, note: '' };
  const after = c.req.valid('form');
  if (before.status !== after.status || before.note !== after.note) {
    await markTarget(c.env.DB, campaign, target, { status: before.status, note: before.note }, after, actorOf(c.var.principal), Date.now());
    await purgePublic(c, campaign.slug);
  }
  return back(c, 'answers-heading');
});

export default adminReplies;
