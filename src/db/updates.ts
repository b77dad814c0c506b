import * as v from 'valibot';
import type { Statement } from './statements';
import { freshTallies } from './tallies';

/** An update's text in one language. */
export type UpdateText = { subject: string; body: string };

/** An update as written: the campaign's main language, and translations by language. */
export type Update = UpdateText & {
  id: number;
  campaignId: number;
  translations: Record<string, UpdateText>;
  author: string;
  /** Supporters whose mail has been enqueued so far. */
  enqueued: number;
  createdAt: number;
  /** When the whole audience had been enqueued; null while it is being gone through. */
  enqueuedAt: number | null;
};

// Ids are cast: D1 may bind a JavaScript number as a real, which would print as `5.0`.
const int = (sql: string) => `CAST(${sql} AS INTEGER)`;

/** SQL: who gets an update — confirmed, opted in, not unsubscribed, not erased (`s` is the signature). */
export const AUDIENCE_SQL = `s.status = 'confirmed' AND s.updates_consent IS NOT NULL AND s.unsubscribed_at IS NULL AND s.email IS NOT NULL`;

/** The outbox key of one supporter's copy of an update. */
export function updateMailKey(campaignId: number, updateId: number, signatureId: number): string {
  return `c${campaignId}:u${updateId}:s${signatureId}`;
}

/** The ids in an update mail's key, or null for another key. */
export function parseUpdateMailKey(key: string): { campaignId: number; updateId: number; signatureId: number } | null {
  const m = /^c(\d{1,15}):u(\d{1,15}):s(\d{1,15})$/.exec(key);
  return m ? { campaignId: Number(m[1]), updateId: Number(m[2]), signatureId: Number(m[3]) } : null;
}

/**
 * The statements that store a new update and its audit entry, for one batch; the first
 * answers `RETURNING id`, nothing when an update with this `draftKey` exists already (a
 * second click on Send), and then the entry is not written either: `changes()` is the
 * insert's own count (two clicks in the same millisecond would both find the row).
 */
export function createUpdateStatements(
  campaignId: number, text: UpdateText, translations: Record<string, UpdateText>, languages: string[], author: string, draftKey: string | null, now: number,
  targetId: number | null = null,
): Statement[] {
  return [
    {
      sql: `INSERT INTO updates (campaign_id, subject, body, translations, author, draft_key, created_at, target_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (campaign_id, draft_key) DO NOTHING RETURNING id`,
      params: [campaignId, text.subject, text.body, JSON.stringify(translations), author, draftKey, now, targetId],
    },
    {
      sql: `INSERT INTO audit_log (campaign_id, actor, action, detail, created_at)
            SELECT ?1, ?2, 'update.send', ?3, ?4
            WHERE changes() = 1 AND EXISTS (SELECT 1 FROM updates WHERE campaign_id = ?1 AND draft_key IS ?5 AND created_at = ?4 AND author = ?2)`,
      params: [campaignId, author, JSON.stringify({ subject: text.subject, languages }), now, draftKey],
    },
  ];
}

/** The id of the campaign's update made under `draftKey`, if there is one. */
export async function updateIdByDraft(db: D1Database, campaignId: number, draftKey: string): Promise<number | null> {
  return db.prepare('SELECT id FROM updates WHERE campaign_id = ?1 AND draft_key = ?2').bind(campaignId, draftKey).first<number>('id');
}

/**
 * Statements that drop the unsent update mail of one signature (all of it with `sent`:
 * withdrawal, since a sent copy holds the address): one key probe per update of its campaign.
 */
export function dropUpdateMailStatement(signatureIdSql: string, campaignIdSql: string, params: (string | number | null)[], sent = false): Statement {
  return {
    sql: `DELETE FROM outbox WHERE idempotency_key IN (
            SELECT 'c' || u.campaign_id || ':u' || u.id || ':s' || ${int(signatureIdSql)} FROM updates u WHERE u.campaign_id = ${campaignIdSql})
            ${sent ? '' : `AND status = 'pending'`}`,
    params,
  };
}

/** Statements that unsubscribe a signature from its campaign's updates, and drop what waits for it. */
export function unsubscribeStatements(signatureId: number, now: number): Statement[] {
  return [
    {
      sql: `UPDATE signatures SET unsubscribed_at = ?2, updated_at = ?2
            WHERE id = ?1 AND updates_consent IS NOT NULL AND unsubscribed_at IS NULL`,
      params: [signatureId, now],
    },
    dropUpdateMailStatement('?1', '(SELECT campaign_id FROM signatures WHERE id = ?1)', [signatureId]),
  ];
}

const Texts = v.record(v.string(), v.object({ subject: v.string(), body: v.string() }));

type UpdateRow = {
  id: number;
  campaign_id: number;
  subject: string;
  body: string;
  translations: string;
  author: string;
  enqueued: number;
  created_at: number;
  enqueued_at: number | null;
};

function toUpdate(r: UpdateRow): Update {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    subject: r.subject,
    body: r.body,
    translations: v.parse(Texts, JSON.parse(r.translations)),
    author: r.author,
    enqueued: r.enqueued,
    createdAt: r.created_at,
    enqueuedAt: r.enqueued_at,
  };
}

/** Updates by id (what a drained batch of update mail needs), one query. */
export async function updatesByIds(db: D1Database, ids: number[]): Promise<Map<number, Update>> {
  if (ids.length === 0) return new Map();
  const { results } = await db.prepare('SELECT * FROM updates WHERE id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(ids)).all<UpdateRow>();
  return new Map(results.map((r) => [r.id, toUpdate(r)]));
}

/** A campaign's newest updates. */
export async function listUpdates(db: D1Database, campaignId: number, limit = 20): Promise<Update[]> {
  const { results } = await db.prepare('SELECT * FROM updates WHERE campaign_id = ?1 ORDER BY id DESC LIMIT ?2').bind(campaignId, limit).all<UpdateRow>();
  return results.map(toUpdate);
}

/**
 * How many supporters an update would reach now: the 'updates' summary (migration 0036),
 * brought up to date by a bounded step first, so one row whatever the campaign's size.
 */
export async function audienceSize(db: D1Database, campaignId: number, now = Date.now()): Promise<number> {
  await freshTallies(db, campaignId, now);
  const row = await db
    .prepare(`SELECT confirmed AS n FROM signature_tallies WHERE campaign_id = ?1 AND dim = 'status' AND key = 'updates'`)
    .bind(campaignId)
    .first<number>('n');
  return row ?? 0;
}
