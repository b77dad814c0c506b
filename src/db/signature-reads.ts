import { parseTargetNames } from './campaigns';
import type { Signature, SignatureStatus } from './signatures';

type SignatureRow = {
  id: number;
  campaign_id: number;
  slug: string;
  status: SignatureStatus;
  email: string | null;
  name: string;
  country: string;
  city: string;
  message: string | null;
  target_id: number | null;
  target_key: string | null;
  target_name: string | null;
  target_email: string | null;
  target_locale: string | null;
  target_names: string | null;
  locale: string;
  public: number;
  reply_to_ok: number;
  updates: number;
  token_nonce: string;
  token_expires_at: number;
  created_at: number;
  confirmed_at: number | null;
};

const SELECT = `SELECT s.id, s.campaign_id, c.slug, s.status, s.email, s.name, s.country, s.city, s.message, s.target_id,
    t.key AS target_key, t.name AS target_name, t.email AS target_email, t.locale AS target_locale, t.names AS target_names,
    s.locale, s.public, s.reply_to_ok,
    (s.updates_consent IS NOT NULL AND s.unsubscribed_at IS NULL) AS updates, s.token_nonce, s.token_expires_at, s.created_at, s.confirmed_at
  FROM signatures s JOIN campaigns c ON c.id = s.campaign_id LEFT JOIN targets t ON t.id = s.target_id`;

function toSignature(row: SignatureRow): Signature {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignSlug: row.slug,
    status: row.status,
    email: row.email,
    name: row.name,
    country: row.country,
    city: row.city,
    message: row.message,
    targetId: row.target_id,
    target: row.target_name && row.target_email
      ? { key: row.target_key ?? '', name: row.target_name, names: parseTargetNames(row.target_names), email: row.target_email, locale: row.target_locale }
      : null,
    locale: row.locale,
    public: row.public === 1,
    replyToOk: row.reply_to_ok === 1,
    updates: row.updates === 1,
    tokenNonce: row.token_nonce,
    tokenExpiresAt: row.token_expires_at,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  };
}

/** The signature with this id whose link hashes to `tokenHash`; null when none. */
export async function getSignature(db: D1Database, id: number, tokenHash: string): Promise<Signature | null> {
  const row = await db.prepare(`${SELECT} WHERE s.id = ?1 AND s.token_hash = ?2`).bind(id, tokenHash).first<SignatureRow>();
  return row ? toSignature(row) : null;
}

/** The signatures that mail about to go out is about (one query for a whole batch). */
export async function signaturesByIds(db: D1Database, ids: number[]): Promise<Map<number, Signature>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(`${SELECT} WHERE s.id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(ids))
    .all<SignatureRow>();
  return new Map(results.map((r) => [r.id, toSignature(r)]));
}

/** How many messages the wall shows, on the page and in its live refresh alike. */
export const WALL_SIZE = 20;

export type PublicMessage = { name: string; city: string; country: string; message: string; confirmedAt: number };

/**
 * The newest messages their authors chose to show, for the campaign page. No emails.
 * `approve-first` shows approved messages only; `show-first` all but the hidden ones.
 * Its WHERE matches the partial index signatures_wall.
 */
export async function listPublicMessages(
  db: D1Database,
  campaignId: number,
  moderation: 'approve-first' | 'show-first' = 'approve-first',
  limit = WALL_SIZE,
): Promise<PublicMessage[]> {
  const { results } = await db
    .prepare(
      `SELECT name, city, country, message, confirmed_at AS confirmedAt FROM signatures
       WHERE campaign_id = ?1 AND status = 'confirmed' AND public = 1 AND message IS NOT NULL AND message <> ''
         AND (moderation = 'approved' OR (?3 = 'show-first' AND moderation = 'unreviewed'))
       ORDER BY confirmed_at DESC LIMIT ?2`,
    )
    .bind(campaignId, limit, moderation)
    .all<PublicMessage>();
  return results;
}
