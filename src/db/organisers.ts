import type { NewMail } from './outbox';
import type { Statement } from './statements';

/**
 * At most this many sign-in links an hour to one address from one network. Sign-in has
 * its own count, apart from signing's and RSVPs' link mail (a stranger signing `dave@` or
 * `dave+x@` three times must not lock `dave@` out), and it is kept per network, so that
 * requests from elsewhere cannot spend the organiser's own: an attacker can fill only
 * their own networks' share. The per-IP LOGIN_LIMITER bounds each network too.
 */
export const LOGIN_LINKS_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

/**
 * The outbox key of the mail carrying a sign-in link: `i:!login <address> <network> <time>`.
 * Inside the range of link mail (so the daily sweep deletes it a day after it went) but
 * in no inbox's range (`!` is in no address), so signing's cap never counts it. `network`
 * is a short keyed hash of the requester's network (never the IP), or a word such as
 * `team` for a link an organiser sent from the team page.
 */
export function loginMailKey(email: string, network: string, now: number): string {
  return `i:!login ${email} ${network} ${String(now).padStart(15, '0')}.${crypto.randomUUID().slice(0, 8)}`;
}

/** SQL: whether the address (`?1`) may get another sign-in link from the network (`?5`) now (`?3`). */
const LOGIN_CAP_SQL = `(SELECT count(*) FROM outbox
    WHERE idempotency_key > 'i:!login ' || ?1 || ' ' || ?5 || ' ' || printf('%015d', ?3 - ${HOUR_MS})
      AND idempotency_key < 'i:!login ' || ?1 || ' ' || ?5 || '!') < ${LOGIN_LINKS_PER_HOUR}`;

/**
 * Statements that store a sign-in link and enqueue its email, only when `email` organises
 * some campaign (or `admin`: it is in ADMIN_EMAILS) and it is under its hourly count of
 * sign-in links from `network` (see LOGIN_LINKS_PER_HOUR). Run as one batch; the caller
 * answers the same either way, so nobody learns who the organisers are.
 */
export function loginLinkStatements(email: string, network: string, tokenHash: string, now: number, ttlMs: number, mail: NewMail, admin = false): Statement[] {
  return [
    {
      sql: `INSERT INTO login_links (token_hash, email, expires_at, created_at)
            SELECT ?2, ?1, ?3 + ?4, ?3
            WHERE (?6 = 1 OR EXISTS (SELECT 1 FROM campaign_organisers WHERE email = ?1)) AND ${LOGIN_CAP_SQL}`,
      params: [email, tokenHash, now, ttlMs, network, admin ? 1 : 0],
    },
    {
      sql: `INSERT INTO outbox (idempotency_key, kind, from_name, to_addrs, subject, text_body, html_body, next_attempt_at, created_at)
            SELECT ?1, 'login', ?2, json_array(?3), ?4, ?5, ?6, ?7, ?7
            WHERE EXISTS (SELECT 1 FROM login_links WHERE token_hash = ?8)
            ON CONFLICT DO NOTHING`,
      params: [mail.idempotencyKey, mail.fromName, email, mail.subject, mail.text, mail.html, now, tokenHash],
    },
  ];
}

/** Whether a sign-in link can still be used (GET shows the button only then). */
export async function loginLinkUsable(db: D1Database, tokenHash: string, now: number): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS ok FROM login_links WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2')
    .bind(tokenHash, now)
    .first<{ ok: number }>();
  return row !== null;
}

/**
 * Uses a sign-in link and starts a session, in one transaction: the link is marked with
 * the new session's hash, and the session is created from the link so marked. A used or
 * expired link starts nothing. Returns the organiser's email, or null.
 */
export async function startSession(db: D1Database, tokenHash: string, sessionHash: string, now: number, ttlMs: number): Promise<string | null> {
  const [, created] = await db.batch([
    db
      .prepare(
        `UPDATE login_links SET used_at = ?3, session_hash = ?2
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?3`,
      )
      .bind(tokenHash, sessionHash, now),
    db
      .prepare(
        `INSERT INTO sessions (id_hash, email, created_at, expires_at)
         SELECT ?1, email, ?2, ?2 + ?3 FROM login_links WHERE session_hash = ?1
         RETURNING email`,
      )
      .bind(sessionHash, now, ttlMs),
  ]);
  const row = created?.results[0] as { email?: unknown } | undefined;
  return typeof row?.email === 'string' ? row.email : null;
}

/** The email of a live session; null when unknown or expired. */
export async function sessionEmail(db: D1Database, sessionHash: string, now: number): Promise<string | null> {
  const row = await db
    .prepare('SELECT email FROM sessions WHERE id_hash = ?1 AND expires_at > ?2')
    .bind(sessionHash, now)
    .first<{ email: string }>();
  return row?.email ?? null;
}

/** Ends a session (sign-out); expired sessions of anyone are swept at the same time. */
export async function endSession(db: D1Database, sessionHash: string, now: number): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM sessions WHERE id_hash = ?1').bind(sessionHash),
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?1').bind(now),
    db.prepare('DELETE FROM login_links WHERE expires_at <= ?1').bind(now),
  ]);
}

/** Whether `email` is an organiser of the campaign. */
export async function isOrganiser(db: D1Database, campaignId: number, email: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS ok FROM campaign_organisers WHERE campaign_id = ?1 AND email = ?2')
    .bind(campaignId, email)
    .first<{ ok: number }>();
  return row !== null;
}

export type OrganisedCampaign = { slug: string; title: string; status: string; confirmed: number; goal: number };

/** The campaigns `email` organises, with their counts. */
export async function listOrganisedCampaigns(db: D1Database, email: string): Promise<OrganisedCampaign[]> {
  const { results } = await db
    .prepare(
      `SELECT n.slug, n.title, n.status, n.confirmed, n.goal
       FROM campaign_organisers o JOIN campaign_counts n ON n.campaign_id = o.campaign_id
       WHERE o.email = ?1 ORDER BY n.title`,
    )
    .bind(email)
    .all<OrganisedCampaign>();
  return results;
}
