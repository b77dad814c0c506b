import { inboxCapSql } from './outbox';
import type { Statement } from './statements';

/** Someone who said they will come to a picket; email and name are null/'' once erased. */
export type Attendee = {
  id: number;
  picketId: number;
  picketKey: string;
  campaignId: number;
  campaignSlug: string;
  email: string | null;
  name: string;
  showName: boolean;
  locale: string;
  status: 'pending' | 'confirmed' | 'withdrawn';
  tokenNonce: string;
  tokenExpiresAt: number;
};

type AttendeeRow = {
  id: number; picket_id: number; picket_key: string; campaign_id: number; campaign_slug: string; email: string | null; name: string;
  show_name: number; locale: string; status: Attendee['status']; token_nonce: string; token_expires_at: number;
};

function toAttendee(r: AttendeeRow): Attendee {
  return {
    id: r.id, picketId: r.picket_id, picketKey: r.picket_key, campaignId: r.campaign_id, campaignSlug: r.campaign_slug, email: r.email,
    name: r.name, showName: r.show_name === 1, locale: r.locale, status: r.status, tokenNonce: r.token_nonce, tokenExpiresAt: r.token_expires_at,
  };
}

const SELECT = `SELECT a.*, p.key AS picket_key, p.campaign_id, c.slug AS campaign_slug
  FROM picket_attendees a JOIN pickets p ON p.id = a.picket_id JOIN campaigns c ON c.id = p.campaign_id`;

/** The attendee behind a link (row id and the hash of the link's secret part); null when none matches. */
export async function getAttendee(db: D1Database, id: number, tokenHash: string): Promise<Attendee | null> {
  const row = await db.prepare(`${SELECT} WHERE a.id = ?1 AND a.token_hash = ?2`).bind(id, tokenHash).first<AttendeeRow>();
  return row ? toAttendee(row) : null;
}

/** Attendees by row id, for the mail about to go out about them (one query a batch). */
export async function attendeesByIds(db: D1Database, ids: number[]): Promise<Map<number, Attendee>> {
  if (ids.length === 0) return new Map();
  const { results } = await db.prepare(`${SELECT} WHERE a.id IN (SELECT value FROM json_each(?1))`).bind(JSON.stringify(ids)).all<AttendeeRow>();
  return new Map(results.map((r) => [r.id, toAttendee(r)]));
}

/** The names of confirmed attendees who chose to show them, for the picket's public page. */
export async function publicNames(db: D1Database, picketId: number): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT name FROM picket_attendees WHERE picket_id = ?1 AND status = 'confirmed' AND show_name = 1 AND name <> '' ORDER BY confirmed_at LIMIT 200`)
    .bind(picketId).all<{ name: string }>();
  return results.map((r) => r.name);
}

/** Confirmed and unconfirmed attendees per picket of a campaign, for the dashboard. */
export async function attendeeTallies(db: D1Database, campaignId: number): Promise<Map<number, { confirmed: number; pending: number }>> {
  const { results } = await db
    .prepare(
      `SELECT id, coming AS confirmed, unconfirmed AS pending FROM pickets WHERE campaign_id = ?1 AND (coming > 0 OR unconfirmed > 0)`,
    )
    .bind(campaignId).all<{ id: number; confirmed: number; pending: number }>();
  return new Map(results.map((r) => [r.id, { confirmed: r.confirmed, pending: r.pending }]));
}

/** What an RSVP stores: the picket's row id, the address as typed and its canonical inbox. */
export type NewAttendee = {
  picketId: number; email: string; inbox: string; name: string; locale: string; consentVersion: string;
  tokenNonce: string; tokenHash: string; tokenExpiresAt: number;
};

/**
 * One batch: the attendee (pending; an inbox that already said it will come keeps its row
 * and details; a pending one takes this latest name, for its owner to review, and a new week
 * for its link), then its link mail, chosen
 * when it goes out by the attendee's status, only while the inbox is under the hourly cap
 * it shares with signing (outbox key `i:<inbox> <time>.a<attendee>`); then the picket's
 * state for the answer. Nothing is written for a cancelled or past picket or a closed campaign.
 */
export function rsvpStatements(a: NewAttendee, now: number): Statement[] {
  const open = `p.id = ?1 AND p.status = 'planned' AND p.ends_at > ?11 AND c.status = 'open'`;
  return [
    {
      sql: `INSERT INTO picket_attendees (picket_id, email, inbox, name, show_name, locale, consent_version, token_nonce, token_hash,
              token_expires_at, created_at, updated_at)
            SELECT p.id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11
            FROM pickets p JOIN campaigns c ON c.id = p.campaign_id WHERE ${open}
            ON CONFLICT (picket_id, inbox) DO UPDATE SET name = excluded.name, show_name = 0, locale = excluded.locale,
              token_expires_at = excluded.token_expires_at, updated_at = excluded.updated_at
            WHERE picket_attendees.status = 'pending'`,
      // "Show my name" (?5) is never set here, only on the link's page (confirmAttendeeStatements).
      params: [a.picketId, a.email, a.inbox, a.name, 0, a.locale, a.consentVersion, a.tokenNonce, a.tokenHash, a.tokenExpiresAt, now],
    },
    {
      sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, from_name, to_addrs, next_attempt_at, created_at)
            SELECT 'i:' || ?2 || ' ' || printf('%015d', ?4) || '.a' || a.id, 'picket-confirm', c.id, c.sender_name, json_array(?3), ?4, ?4
            FROM picket_attendees a JOIN pickets p ON p.id = a.picket_id JOIN campaigns c ON c.id = p.campaign_id
            WHERE a.picket_id = ?1 AND a.inbox = ?2 AND a.status IN ('pending', 'confirmed')
              AND p.status = 'planned' AND p.ends_at > ?4 AND c.status = 'open' AND ${inboxCapSql('?2', '?4')}
            ON CONFLICT DO NOTHING`,
      params: [a.picketId, a.inbox, a.email, now],
    },
    { sql: `SELECT count(*) AS open FROM pickets p JOIN campaigns c ON c.id = p.campaign_id WHERE ${open.replace('?11', '?2')}`, params: [a.picketId, now] },
  ];
}

/** What the owner of the inbox chose on the link's page: the name, and whether it is shown. */
export type AttendeeChoices = { name: string; showName: boolean };

/**
 * Confirms a pending attendee whose link is valid and picket still ahead, with the name and
 * "show my name" as chosen on the link's page (without `choices`, as stored: only in-process
 * callers); then the attendee's state.
 */
export function confirmAttendeeStatements(id: number, hash: string, now: number, choices: AttendeeChoices | null = null): Statement[] {
  return [
    {
      sql: `UPDATE picket_attendees SET status = 'confirmed', confirmed_at = ?3, updated_at = ?3,
              name = iif(?4, ?5, name), show_name = iif(?4, ?6, show_name)
            WHERE id = ?1 AND token_hash = ?2 AND status = 'pending' AND token_expires_at > ?3
              AND picket_id IN (SELECT id FROM pickets WHERE status = 'planned' AND ends_at > ?3)`,
      params: [id, hash, now, choices ? 1 : 0, choices?.name ?? null, choices?.showName ? 1 : 0],
    },
    { sql: `SELECT status, token_expires_at <= ?3 AS expired FROM picket_attendees WHERE id = ?1 AND token_hash = ?2`, params: [id, hash, now] },
  ];
}

/**
 * Withdraws: the attendee's address and name are erased at once, with any mail to them not
 * yet sent (their link mail, reminder and notices); then the attendee's state.
 */
export function withdrawAttendeeStatements(id: number, hash: string, now: number): Statement[] {
  // Only for the link's owner: each subquery checks the hash. Ranges of the outbox key.
  const inbox = `(SELECT inbox FROM picket_attendees WHERE id = ?1 AND token_hash = ?2)`;
  const picket = `(SELECT picket_id FROM picket_attendees WHERE id = ?1 AND token_hash = ?2)`;
  return [
    {
      sql: `DELETE FROM outbox WHERE status = 'pending' AND (
              (idempotency_key > 'i:' || ${inbox} || ' ' AND idempotency_key < 'i:' || ${inbox} || '!' AND idempotency_key GLOB '*.a' || CAST(?1 AS INTEGER))
              OR (idempotency_key > 'p' || ${picket} || ':a' || CAST(?1 AS INTEGER) || ':' AND idempotency_key < 'p' || ${picket} || ':a' || CAST(?1 AS INTEGER) || ';'))`,
      params: [id, hash],
    },
    {
      sql: `UPDATE picket_attendees SET status = 'withdrawn', email = NULL, inbox = NULL, name = '', show_name = 0, updated_at = ?3
            WHERE id = ?1 AND token_hash = ?2 AND status <> 'withdrawn'`,
      params: [id, hash, now],
    },
    { sql: `SELECT status FROM picket_attendees WHERE id = ?1 AND token_hash = ?2`, params: [id, hash] },
  ];
}

/** One row of a picket's attendee export. */
export type AttendeeExportRow = { id: number; status: string; name: string; email: string | null; show_name: number; locale: string; created_at: number; confirmed_at: number | null };

/** A picket's attendees who have not withdrawn, in the order they answered (a picket has hundreds, not millions). */
export async function attendeesForExport(db: D1Database, picketId: number): Promise<AttendeeExportRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, status, name, email, show_name, locale, created_at, confirmed_at FROM picket_attendees
       WHERE picket_id = ?1 AND status IN ('confirmed', 'pending') ORDER BY id LIMIT 20000`,
    )
    .bind(picketId).all<AttendeeExportRow>();
  return results;
}
