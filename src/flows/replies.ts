import { auditStatement } from '../db/audit';
import type { Campaign } from '../db/campaigns';
import type { PublicLedger } from '../db/ledger';
import { type AnsweredLedger, publishedReplies, publishReplyStatements, type StoredReply, unpublishReplyStatement } from '../db/replies';
import { runBatch } from '../db/statements';
import { listSealedDays } from '../db/ledger';
import { setAnswerStatement, type TargetAnswer, targetAnswers } from '../db/target-answers';
import { localizeCampaign } from '../db/localize';
import { enqueueStepStatements } from '../db/update-enqueue';
import { createUpdateStatements, type UpdateText, updateIdByDraft } from '../db/updates';
import { type Locale, LOCALES, translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { newReceiptId } from '../lib/crypto';
import { targetName } from '../lib/target-name';
import { leafHash, REPLY_TARGET, textHash } from '../lib/ledger-hash';
import { DAY_MS } from '../lib/time';
import type { AnswerStatus } from '../schemas/reply';

/**
 * Publishes a reply (the whole text or an excerpt already checked to be its own words):
 * the text, its ledger leaf and the audit entry in one batch. The leaf commits to the exact
 * text on today's ledger day, so anyone can tell later that it was not edited.
 */
export async function publishReply(db: D1Database, campaign: Campaign, reply: StoredReply, published: PublishedAs, actor: string, now: number): Promise<void> {
  const { text } = published;
  const textSha256 = await textHash(text);
  const receiptId = newReceiptId();
  const day = new Date(now).toISOString().slice(0, 10);
  const leaf = await leafHash({ slug: campaign.slug, receiptId, target: REPLY_TARGET, day, textSha256 });
  // Its update to those who wrote to this target, once per reply (the draft key), in the same batch.
  const mail = replyUpdate(campaign, published, reply.datedAt ?? reply.receivedAt);
  const draftKey = `target-reply-${reply.id}`;
  await runBatch(db, [
    ...publishReplyStatements(campaign.id, reply.id, { text, textSha256, receiptId, day, leaf }, REPLY_TARGET, now),
    auditStatement({
      campaignId: campaign.id, actor, action: 'reply.publish', at: now,
      detail: { reply: reply.id, target: reply.targetKey, excerpt: text !== reply.text, characters: text.length, textSha256, receipt: receiptId },
    }),
    ...createUpdateStatements(campaign.id, mail.text, mail.translations, LOCALES, actor, draftKey, now, reply.targetId),
  ]);
  // Its own first step into the outbox (the cron takes the rest); a repeat finds it enqueued.
  const update = await updateIdByDraft(db, campaign.id, draftKey);
  if (update !== null) await runBatch(db, enqueueStepStatements(update, now));
}

/** What is published, with what the update to supporters needs: the target's names and the ledger's address. */
export type PublishedAs = { text: string; target: { name: string; names: Record<string, string> }; ledgerUrl: string };

/** The update that passes a published reply on: in the campaign's language, translated into the others. */
function replyUpdate(campaign: Campaign, p: PublishedAs, receivedAt: number): { text: UpdateText; translations: Record<string, UpdateText> } {
  const inLang = (lang: Locale): UpdateText => {
    const t = translator(lang);
    const vars = { target: targetName(p.target, lang), title: localizeCampaign(campaign, lang).title, date: new Date(receivedAt).toISOString().slice(0, 10), text: p.text, url: p.ledgerUrl };
    return { subject: t('replies.mail.subject', vars).replace(/[\r\n]+/g, ' ').slice(0, 200), body: t('replies.mail.body', vars) };
  };
  const own = parseLang(campaign.locale) ?? 'en';
  return { text: inLang(own), translations: Object.fromEntries(LOCALES.filter((l) => l !== own).map((l) => [l, inLang(l)])) };
}

/** Takes a published reply off the public pages, with its audit entry. */
export async function unpublishReply(db: D1Database, campaign: Campaign, reply: StoredReply, actor: string, now: number): Promise<void> {
  await runBatch(db, [
    unpublishReplyStatement(campaign.id, reply.id),
    auditStatement({ campaignId: campaign.id, actor, action: 'reply.unpublish', at: now, detail: { reply: reply.id, target: reply.targetKey } }),
  ]);
}

/** Marks where a target stands, with a note, and logs before → after. */
export async function markTarget(
  db: D1Database, campaign: Campaign, target: { id: number; key: string }, before: { status: AnswerStatus; note: string },
  after: { status: AnswerStatus; note: string }, actor: string, now: number,
): Promise<void> {
  await runBatch(db, [
    setAnswerStatement(campaign.id, target.id, after.status, after.note, now),
    auditStatement({ campaignId: campaign.id, actor, action: 'target.status', at: now, detail: { target: target.key, before, after } }),
  ]);
}

/** A target still without an answer this many days after its first delivery counts as silent. */
export const SILENT_AFTER_DAYS = 14;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Each target's answer beside its deliveries: the status an organiser marked (or `answered`
 * once a reply is published), its note, its published replies with their hashes and ledger
 * receipts, and the days since its first delivery while it stays silent. Reads the
 * campaign's targets' statuses and its published replies: never its signatures.
 */
export async function withAnswers(db: D1Database, campaignId: number, ledger: PublicLedger, now: number): Promise<AnsweredLedger> {
  const [answers, published] = await Promise.all([targetAnswers(db, campaignId), publishedReplies(db, campaignId)]);
  const byKey = new Map(answers.map((a) => [a.key, a]));
  const targets = ledger.targets.map((t) => {
    const a = byKey.get(t.key);
    if (!a) return { ...t, answer: null };
    const replies = published.filter((r) => r.targetKey === t.key).map((r) => ({
      receivedAt: iso(r.datedAt ?? r.receivedAt), publishedAt: iso(r.publishedAt), text: r.text, textSha256: r.textSha256, receipt: r.receipt,
    }));
    return { ...t, answer: { ...standing(a, Object.keys(t.days).sort()[0] ?? null, now), note: a.note, replies } };
  });
  return { ...ledger, targets, answers: tally(targets.flatMap((t) => (t.answer ? [t.answer] : []))) };
}

/** A target's status as published (`answered` once a reply is published) and how long it has been silent. */
function standing(a: TargetAnswer, firstDelivery: string | null, now: number): { status: AnswerStatus; silentDays: number | null } {
  const status: AnswerStatus = a.status === 'none' && a.published > 0 ? 'answered' : a.status;
  return { status, silentDays: status === 'none' && firstDelivery ? Math.floor((now - Date.parse(firstDelivery)) / DAY_MS) : null };
}

function tally(answers: { status: AnswerStatus; silentDays: number | null }[]): AnsweredLedger['answers'] {
  return {
    answered: answers.filter((a) => a.status !== 'none').length,
    silent: answers.filter((a) => a.silentDays !== null && a.silentDays > SILENT_AFTER_DAYS).length,
    silentAfterDays: SILENT_AFTER_DAYS,
  };
}

/**
 * How many targets answered and how many stayed silent past SILENT_AFTER_DAYS, for the
 * campaign page: the targets' statuses and the sealed days' counts (a silence that long is
 * in sealed days), one row per target and per day, never the leaves.
 */
export async function answerSummary(db: D1Database, campaignId: number, now: number): Promise<AnsweredLedger['answers']> {
  const [answers, sealed] = await Promise.all([targetAnswers(db, campaignId), listSealedDays(db, campaignId)]);
  const first = new Map<string, string>();
  for (const d of sealed) for (const [key, n] of Object.entries(d.counts)) if (n > 0 && !first.has(key)) first.set(key, d.day);
  return tally(answers.map((a) => standing(a, first.get(a.key) ?? null, now)));
}
