import { auditStatement } from '../db/audit';
import type { Campaign } from '../db/campaigns';
import { publishReplyStatements, type StoredReply, unpublishReplyStatement } from '../db/replies';
import { runBatch } from '../db/statements';
import { setAnswerStatement } from '../db/target-answers';
import { newReceiptId } from '../lib/crypto';
import { leafHash, REPLY_TARGET, textHash } from '../lib/ledger-hash';
import type { AnswerStatus } from '../schemas/reply';

/**
 * Publishes a reply (the whole text or an excerpt already checked to be its own words):
 * the text, its ledger leaf and the audit entry in one batch. The leaf commits to the exact
 * text on today's ledger day, so anyone can tell later that it was not edited.
 */
export async function publishReply(db: D1Database, campaign: Campaign, reply: StoredReply, text: string, actor: string, now: number): Promise<void> {
  const textSha256 = await textHash(text);
  const receiptId = newReceiptId();
  const day = new Date(now).toISOString().slice(0, 10);
  const leaf = await leafHash({ slug: campaign.slug, receiptId, target: REPLY_TARGET, day, textSha256 });
  await runBatch(db, [
    ...publishReplyStatements(campaign.id, reply.id, { text, textSha256, receiptId, day, leaf }, REPLY_TARGET, now),
    auditStatement({
      campaignId: campaign.id, actor, action: 'reply.publish', at: now,
      detail: { reply: reply.id, target: reply.targetKey, excerpt: text !== reply.text, characters: text.length, textSha256, receipt: receiptId },
    }),
  ]);
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
