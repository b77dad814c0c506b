import { respaceStatements } from './mail-slots';
import { enqueueStatements, type NewMail } from './outbox';
import type { Statement } from './statements';

export type SignatureStatus = 'pending' | 'confirmed' | 'withdrawn' | 'spam';

/** A signature as found through its link token. */
export type Signature = {
  id: number;
  campaignId: number;
  campaignSlug: string;
  status: SignatureStatus;
  email: string | null;
  name: string;
  country: string;
  city: string;
  message: string | null;
  targetId: number | null;
  target: { key: string; name: string; email: string; locale: string | null } | null;
  /** The language the supporter signed in: their pages and emails use it. */
  locale: string;
  public: boolean;
  replyToOk: boolean;
  tokenExpiresAt: number;
  confirmedAt: number | null;
};

/** The new signature's data, already validated and normalised. */
export type NewSignature = {
  campaignId: number;
  email: string;
  name: string;
  country: string;
  city: string;
  message: string | null;
  targetId: number | null;
  public: boolean;
  replyToOk: boolean;
  consentVersion: string;
  locale: string;
  tokenHash: string;
  tokenExpiresAt: number;
  ipHash: string | null;
};

/**
 * Statements for one signing, to run as one batch. A new address gets a pending row; a
 * pending one gets its details and token refreshed; a confirmed one only a new token.
 * Then exactly one of the two emails is enqueued, chosen by the row's status in the
 * same transaction: a confirmation request, or a note that the address had signed.
 */
export function signStatements(s: NewSignature, now: number, confirmMail: NewMail, alreadyMail: NewMail): Statement[] {
  return [
    {
      sql: `INSERT INTO signatures (campaign_id, email, name, country, city, message, target_id, public, reply_to_ok,
              consent_version, locale, status, token_hash, token_expires_at, ip_hash, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?15, ?9, ?10, 'pending', ?11, ?12, ?13, ?14, ?14)
            ON CONFLICT (campaign_id, email) DO UPDATE SET
              name = iif(status = 'pending', excluded.name, name),
              country = iif(status = 'pending', excluded.country, country),
              city = iif(status = 'pending', excluded.city, city),
              message = iif(status = 'pending', excluded.message, message),
              target_id = iif(status = 'pending', excluded.target_id, target_id),
              public = iif(status = 'pending', excluded.public, public),
              reply_to_ok = iif(status = 'pending', excluded.reply_to_ok, reply_to_ok),
              consent_version = iif(status = 'pending', excluded.consent_version, consent_version),
              locale = iif(status = 'pending', excluded.locale, locale),
              ip_hash = iif(status = 'pending', excluded.ip_hash, ip_hash),
              token_hash = excluded.token_hash,
              token_expires_at = iif(status = 'pending', excluded.token_expires_at, token_expires_at),
              updated_at = excluded.updated_at
            WHERE status IN ('pending', 'confirmed')`,
      params: [
        s.campaignId, s.email, s.name, s.country, s.city, s.message, s.targetId, s.public ? 1 : 0,
        s.consentVersion, s.locale, s.tokenHash, s.tokenExpiresAt, s.ipHash, now, s.replyToOk ? 1 : 0,
      ],
    },
    ...enqueueStatements(confirmMail, now, { tokenHash: s.tokenHash, status: 'pending' }),
    ...enqueueStatements(alreadyMail, now, { tokenHash: s.tokenHash, status: 'confirmed' }),
  ];
}

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
  locale: string;
  public: number;
  reply_to_ok: number;
  token_expires_at: number;
  confirmed_at: number | null;
};

/** The signature whose link token hashes to `tokenHash`; null when none. */
export async function getSignatureByToken(db: D1Database, tokenHash: string): Promise<Signature | null> {
  const row = await db
    .prepare(
      `SELECT s.id, s.campaign_id, c.slug, s.status, s.email, s.name, s.country, s.city, s.message, s.target_id,
              t.key AS target_key, t.name AS target_name, t.email AS target_email, t.locale AS target_locale,
              s.locale, s.public, s.reply_to_ok, s.token_expires_at, s.confirmed_at
       FROM signatures s JOIN campaigns c ON c.id = s.campaign_id LEFT JOIN targets t ON t.id = s.target_id
       WHERE s.token_hash = ?1`,
    )
    .bind(tokenHash)
    .first<SignatureRow>();
  if (!row) return null;
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
    target:
      row.target_key && row.target_name && row.target_email
        ? { key: row.target_key, name: row.target_name, email: row.target_email, locale: row.target_locale }
        : null,
    locale: row.locale,
    public: row.public === 1,
    replyToOk: row.reply_to_ok === 1,
    tokenExpiresAt: row.token_expires_at,
    confirmedAt: row.confirmed_at,
  };
}

/**
 * Statements that confirm a pending signature and enqueue its forwards, as one batch.
 * The count moves by trigger; a second confirmation changes nothing and, through the
 * forwards' idempotency keys, enqueues nothing.
 */
export function confirmStatements(tokenHash: string, now: number, forwards: NewMail[]): Statement[] {
  return [
    {
      sql: `UPDATE signatures SET status = 'confirmed', confirmed_at = ?2, updated_at = ?2
            WHERE token_hash = ?1 AND status = 'pending' AND token_expires_at > ?2`,
      params: [tokenHash, now],
    },
    ...forwards.flatMap((mail) => enqueueStatements(mail, now, { tokenHash, status: 'confirmed' })),
  ];
}

/**
 * Statements that withdraw a signature: uncounted (trigger), personal data erased,
 * unsent mail in the supporter's name dropped (the mail queued behind it moves up), and
 * sent mail's bodies blanked.
 */
export function withdrawStatements(tokenHash: string, now: number): Statement[] {
  const signatureId = '(SELECT id FROM signatures WHERE token_hash = ?1)';
  const drop: Statement[] = [
    {
      sql: `DELETE FROM outbox WHERE signature_id = ${signatureId} AND (status <> 'sent' OR kind IN ('confirm', 'already-signed'))`,
      params: [tokenHash],
    },
    {
      sql: `UPDATE outbox SET text_body = '', html_body = '', reply_to = NULL, subject = '(withdrawn)'
            WHERE signature_id = ${signatureId}`,
      params: [tokenHash],
    },
    {
      sql: `UPDATE signatures SET status = 'withdrawn', withdrawn_at = ?2, updated_at = ?2,
              email = NULL, name = '', city = '', message = NULL, ip_hash = NULL, public = 0
            WHERE token_hash = ?1 AND status IN ('pending', 'confirmed', 'spam')`,
      params: [tokenHash, now],
    },
  ];
  return respaceStatements({ tokenHash }, now, drop);
}

export type PublicMessage = { name: string; city: string; country: string; message: string; confirmedAt: number };

/**
 * The newest messages their authors chose to show, for the campaign page. No emails.
 * `approve-first` shows approved messages only; `show-first` all but the hidden ones.
 */
export async function listPublicMessages(
  db: D1Database,
  campaignId: number,
  moderation: 'approve-first' | 'show-first' = 'approve-first',
  limit = 20,
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
