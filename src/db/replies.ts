import { nextSeqSql } from './ledger-tree';
import type { AnswerStatus } from '../schemas/reply';
import type { PublicLedger } from './ledger';
import type { Statement } from './statements';

/** A reply as received and stored: text only, with the receiving side's verdicts. */
export type IncomingReply = {
  campaignId: number;
  targetId: number;
  receivedAt: number;
  envelopeFrom: string;
  fromHeader: string;
  datedAt: number | null;
  messageId: string | null;
  subject: string;
  text: string;
  spf: string;
  dkim: string;
  dmarc: string;
  automatic: boolean;
};

/** The campaign of a target, active or not (a reply may answer a forward sent before it was dropped). */
export async function campaignOfTarget(db: D1Database, targetId: number): Promise<number | null> {
  const row = await db.prepare('SELECT campaign_id FROM targets WHERE id = ?1').bind(targetId).first<{ campaign_id: number }>();
  return row?.campaign_id ?? null;
}

/** Stores a reply once: the same Message-ID delivered again is ignored. True when stored. */
export async function storeReply(db: D1Database, r: IncomingReply): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO target_replies (campaign_id, target_id, received_at, envelope_from, from_header, dated_at, message_id,
         subject, text_body, spf, dkim, dmarc, automatic)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
       ON CONFLICT DO NOTHING`,
    )
    .bind(r.campaignId, r.targetId, r.receivedAt, r.envelopeFrom, r.fromHeader, r.datedAt, r.messageId, r.subject, r.text, r.spf, r.dkim, r.dmarc, r.automatic ? 1 : 0)
    .run();
  return result.meta.changes > 0;
}

/** A stored reply as the organisers' page shows it. */
export type StoredReply = Omit<IncomingReply, 'campaignId'> & {
  id: number;
  targetKey: string;
  targetName: string;
  publishedText: string | null;
  publishedAt: number | null;
  publishedHash: string | null;
  publishedReceipt: string | null;
};

type ReplyRow = {
  id: number; target_id: number; target_key: string; target_name: string; received_at: number; envelope_from: string;
  from_header: string; dated_at: number | null; message_id: string | null; subject: string; text_body: string;
  spf: string; dkim: string; dmarc: string; automatic: number;
  published_text: string | null; published_at: number | null; published_hash: string | null; published_receipt: string | null;
};

function toReply(r: ReplyRow): StoredReply {
  return {
    id: r.id, targetId: r.target_id, targetKey: r.target_key, targetName: r.target_name, receivedAt: r.received_at,
    envelopeFrom: r.envelope_from, fromHeader: r.from_header, datedAt: r.dated_at, messageId: r.message_id,
    subject: r.subject, text: r.text_body, spf: r.spf, dkim: r.dkim, dmarc: r.dmarc, automatic: r.automatic === 1,
    publishedText: r.published_text, publishedAt: r.published_at, publishedHash: r.published_hash, publishedReceipt: r.published_receipt,
  };
}

const SELECT = `SELECT r.*, t.key AS target_key, t.name AS target_name FROM target_replies r JOIN targets t ON t.id = r.target_id`;

/** DEV ONLY (the dev mailbox): the newest replies received, of every campaign, with their campaign's slug. */
export async function latestReplies(db: D1Database, limit = 20): Promise<(StoredReply & { campaignSlug: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT r.*, t.key AS target_key, t.name AS target_name, c.slug AS campaign_slug
       FROM target_replies r JOIN targets t ON t.id = r.target_id JOIN campaigns c ON c.id = r.campaign_id ORDER BY r.id DESC LIMIT ?1`,
    )
    .bind(limit)
    .all<ReplyRow & { campaign_slug: string }>();
  return results.map((r) => ({ ...toReply(r), campaignSlug: r.campaign_slug }));
}

/** A campaign's replies, newest first, a page at a time. */
export async function listReplies(db: D1Database, campaignId: number, limit: number, before: number | null): Promise<StoredReply[]> {
  const { results } = await db
    .prepare(`${SELECT} WHERE r.campaign_id = ?1 AND (?2 IS NULL OR r.id < ?2) ORDER BY r.id DESC LIMIT ?3`)
    .bind(campaignId, before, limit)
    .all<ReplyRow>();
  return results.map(toReply);
}

/** One reply of a campaign; null when it is not one of its replies. */
export async function getReply(db: D1Database, campaignId: number, id: number): Promise<StoredReply | null> {
  const row = await db.prepare(`${SELECT} WHERE r.campaign_id = ?1 AND r.id = ?2`).bind(campaignId, id).first<ReplyRow>();
  return row ? toReply(row) : null;
}

/** What publishing stores: the text, its hash, and the ledger leaf that commits to it. */
export type Publication = { text: string; textSha256: string; receiptId: string; day: string; leaf: string };

/**
 * Publishes a reply's text (the whole or an excerpt) and adds its leaf to the ledger (target
 * REPLY_TARGET). Run in one batch with its audit entry.
 */
export function publishReplyStatements(campaignId: number, id: number, p: Publication, replyTarget: string, now: number): Statement[] {
  return [
    {
      sql: `UPDATE target_replies SET published_text = ?3, published_hash = ?4, published_receipt = ?5, published_at = ?6 WHERE campaign_id = ?1 AND id = ?2`,
      params: [campaignId, id, p.text, p.textSha256, p.receiptId, now],
    },
    {
      sql: `INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, outbox_key, created_at, seq)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ${nextSeqSql('?2', '?3')})`,
      params: [p.receiptId, campaignId, p.day, replyTarget, p.textSha256, p.leaf, now],
    },
  ];
}

/** Takes a reply off the public pages; its leaf stays in the ledger, whose history is never rewritten. */
export function unpublishReplyStatement(campaignId: number, id: number): Statement {
  return {
    sql: `UPDATE target_replies SET published_text = NULL, published_hash = NULL, published_receipt = NULL, published_at = NULL
          WHERE campaign_id = ?1 AND id = ?2`,
    params: [campaignId, id],
  };
}

/** A published reply as the public ledger shows it. */
export type PublishedReply = { targetKey: string; receivedAt: number; datedAt: number | null; publishedAt: number; text: string; textSha256: string; receipt: string };

/** A campaign's published replies, newest first (they are few: an organiser publishes each). */
export async function publishedReplies(db: D1Database, campaignId: number): Promise<PublishedReply[]> {
  const { results } = await db
    .prepare(
      `SELECT t.key AS targetKey, r.received_at AS receivedAt, r.dated_at AS datedAt, r.published_at AS publishedAt,
         r.published_text AS text, r.published_hash AS textSha256, r.published_receipt AS receipt
       FROM target_replies r JOIN targets t ON t.id = r.target_id
       WHERE r.campaign_id = ?1 AND r.published_at IS NOT NULL ORDER BY r.received_at DESC LIMIT 200`,
    )
    .bind(campaignId)
    .all<PublishedReply>();
  return results;
}

/** What the public ledger says of a target's answer. */
export type PublicAnswer = {
  status: AnswerStatus;
  note: string;
  /** Whole days since the first delivery, while it has not answered; null once it has, or before any delivery. */
  silentDays: number | null;
  replies: { receivedAt: string; publishedAt: string; text: string; textSha256: string; receipt: string }[];
};

/** The public ledger with each target's answer, and how many answered or stayed silent. */
export type AnsweredLedger = Omit<PublicLedger, 'targets'> & {
  targets: (PublicLedger['targets'][number] & { answer: PublicAnswer | null })[];
  answers: { answered: number; silent: number; silentAfterDays: number };
};

