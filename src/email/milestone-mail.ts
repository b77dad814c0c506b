import { getCampaign } from '../db/campaigns';
import { listMilestonesDue, type MilestoneDue, type MilestoneMail, milestoneStatement } from '../db/milestones';
import { runBatch } from '../db/statements';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { nextGoal } from '../lib/goal';
import type { LinkConfig } from './index';
import { renderHtml } from './templates';

/**
 * The organisers' email about a threshold reached (the goal, or a milestone of the
 * campaign file), in the campaign's language, with the count now, the next goal the
 * progress bar aims at, and the dashboard's link.
 */
export async function milestoneMail(due: MilestoneDue, title: string, locale: string, links: LinkConfig): Promise<MilestoneMail> {
  const lang = parseLang(locale) ?? 'en';
  const t = translator(lang);
  const url = `${links.baseUrl}/admin/campaigns/${due.slug}`;
  const subject = t(due.threshold === due.goal ? 'mail.milestone.goalSubject' : 'mail.milestone.subject', { count: due.threshold, title });
  const body = [
    t('mail.milestone.body', { title, count: due.confirmed }),
    t('mail.milestone.next', { count: nextGoal(due.confirmed, due.goal, due.milestones) }),
  ].join('\n\n');
  const footer = t('mail.milestone.footer');
  return {
    campaignId: due.campaignId,
    threshold: due.threshold,
    subject: subject.slice(0, 200),
    text: `${body}\n\n${t('mail.milestone.link', { url })}\n\n${footer}`,
    html: await renderHtml(body, { label: t('mail.milestone.button'), url }, footer, lang),
  };
}

/** Enqueues one campaign's milestone mail; 1 when it was enqueued, 0 when another run was first. */
async function enqueueOne(db: D1Database, due: MilestoneDue, links: LinkConfig, now: number): Promise<number> {
  const campaign = await getCampaign(db, due.slug);
  if (!campaign) return 0;
  const mail = await milestoneMail(due, campaign.title, campaign.locale, links);
  const [result] = await runBatch(db, [milestoneStatement(mail, now)]);
  return result?.meta.changes ?? 0;
}

/**
 * Enqueues the milestone mail that is due (run by the cron): one mail per campaign that
 * reached a threshold higher than any it was mailed about. Exactly once per threshold by
 * its outbox key, however many runs overlap. A campaign that fails holds up no other (as
 * the digests do); the failures are thrown together at the end. Returns how many were enqueued.
 */
export async function enqueueMilestones(db: D1Database, links: LinkConfig, now: number): Promise<number> {
  let enqueued = 0;
  const failed: Error[] = [];
  for (const due of await listMilestonesDue(db)) {
    try {
      enqueued += await enqueueOne(db, due, links, now);
    } catch (err) {
      console.error(`milestones: campaign ${due.slug} failed`, err);
      failed.push(new Error(`milestone mail of campaign ${due.slug} failed`, { cause: err }));
    }
  }
  if (failed.length > 0) throw new AggregateError(failed, `milestones: ${failed.length} campaign(s) failed, ${enqueued} mail(s) enqueued for the others`);
  return enqueued;
}
