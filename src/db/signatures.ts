import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { parseTargetNames } from './campaigns';
import { HELD_UNTIL } from './mail-slots';
import { linkMailStatement } from './link-mail';
import { inboxRangeSql, signatureRangeSql } from './outbox';
import { receiptInsert } from './receipts';
import type { Statement } from './statements';
import { type ConfirmChoices, confirmUpdate } from './confirm-choices';
import { dropUpdateMailStatement } from './updates';

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
  /** The chosen target (`key` as in the campaign file), or null for none. */
  target: { key: string; name: string; names: Record<string, string>; email: string; locale: string | null } | null;
  /** The language the supporter signed in: their pages and emails use it. */
  locale: string;
  public: boolean;
  replyToOk: boolean;
  /** Opted in to updates and not unsubscribed since. */
  updates: boolean;
  tokenNonce: string;
  tokenExpiresAt: number;
  createdAt: number;
  confirmedAt: number | null;
};

/** The new signature's data, already validated and normalised. */
export type NewSignature = {
  campaignId: number;
  /** As typed (lower-cased): where mail goes. */
  email: string;
  /** The canonical inbox (lib/inbox.ts): who this is. */
  inbox: string;
  name: string;
  country: string;
  city: string;
  message: string | null;
  /** The target's key in the campaign file, or null for none. */
  targetKey: string | null;
  consentVersion: string;
  locale: string;
  tokenNonce: string;
  tokenHash: string;
  tokenExpiresAt: number;
  ipHash: string | null;
  /** The inbox's keyed hash (lib/suppression.ts): an inbox that said "this wasn't me" to the campaign signs nothing. */
  suppressionHash: string;
  /** Where it came from (lib/source.ts), stored once: signing again keeps the first. */
  source?: string | null;
};

/**
 * Statements for one signing, as one batch (one round trip). A new inbox gets a pending
 * row; a pending one takes the details of this latest submission (what its link's page will
 * show for review) and a renewed expiry, its link unchanged; a confirmed one keeps its row
 * exactly. The boxes (public, reply-to, updates) are never stored here, whatever was ticked:
 * only the confirmation page sets them, so no submission, earlier or later, decides them for
 * the inbox's owner. Then one link email is enqueued,
 * chosen in SQL by the row's status: a confirmation request for a pending signature, a
 * note for a confirmed one, nothing for one marked spam; and only while the inbox is
 * under its hourly cap. The campaign must be open and the target one of its own, checked
 * in the same transaction. An inbox that said "this wasn't me" to the campaign stores
 * nothing and so is mailed nothing, with the same answer (a read of one primary key, no
 * write). The last statement reports those two checks.
 */
export function signStatements(s: NewSignature, now: number): Statement[] {
  return [
    {
      sql: `INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, reply_to_ok,
              consent_version, locale, token_nonce, token_hash, token_expires_at, ip_hash, created_at, updated_at, source, updates_consent)
            SELECT c.id, ?2, ?3, ?4, ?5, ?6, ?7, t.id, 0, 0, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?17, NULL
            FROM campaigns c LEFT JOIN targets t ON t.campaign_id = c.id AND t.key = ?8 AND t.active = 1
            WHERE c.id = ?1 AND c.status = 'open' AND (?8 IS NULL OR t.id IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM mail_suppressions m WHERE m.campaign_id = ?1 AND m.inbox_hash = ?16)
            ON CONFLICT (campaign_id, inbox) DO UPDATE SET name = excluded.name, country = excluded.country, city = excluded.city,
              message = excluded.message, target_id = excluded.target_id, locale = excluded.locale,
              token_expires_at = excluded.token_expires_at, updated_at = excluded.updated_at
            WHERE signatures.status = 'pending'`,
      params: [
        s.campaignId, s.email, s.inbox, s.name, s.country, s.city, s.message, s.targetKey, s.consentVersion, s.locale,
        s.tokenNonce, s.tokenHash, s.tokenExpiresAt, s.ipHash, now, s.suppressionHash, s.source ?? null,
      ],
    },
    linkMailStatement(s.campaignId, s.inbox, now),
    {
      sql: `SELECT (SELECT status FROM campaigns WHERE id = ?1) AS campaign_status,
              (?2 IS NULL OR EXISTS (SELECT 1 FROM targets WHERE campaign_id = ?1 AND key = ?2 AND active = 1)) AS target_ok`,
      params: [s.campaignId, s.targetKey],
    },
  ];
}

/**
 * The forwards a confirmation enqueues: recipient, copies, the join, when the campaign
 * sends it, and whom the ledger counts it for. Each is due at once; its address's send
 * budget (mail_slots) decides when it goes, at the claim, so enqueuing writes nothing else.
 * Mail to an address held for the campaign (it bounced) waits at HELD_UNTIL.
 */
const FORWARDS = [
  {
    name: 'campaign', to: 'c.mail_to', cc: 'c.mail_cc', join: '', mode: `c.forward_mode = 'each'`,
    receipt: `'${CAMPAIGN_TARGET}'`,
  },
  {
    name: 'target', to: 't.email', cc: `'[]'`, join: 'JOIN targets t ON t.id = s.target_id', mode: `c.forward_mode <> 'none'`,
    receipt: 't.key',
  },
] as const;

const held = (to: string) => `EXISTS (SELECT 1 FROM mail_holds h WHERE h.campaign_id = s.campaign_id AND h.throttle_key = 'to:' || ${to})`;

/**
 * Its forwards' statements: each one's outbox row, with a fresh receipt id. `when` is the SQL
 * that says the signature changed in this batch (confirmed, or restored, at ?2).
 */
function forwardStatements(id: number, now: number, when = 's.confirmed_at = ?2'): Statement[] {
  return FORWARDS.flatMap((f): Statement[] => {
    const from = `FROM signatures s JOIN campaigns c ON c.id = s.campaign_id ${f.join}
      WHERE s.id = ?1 AND s.status = 'confirmed' AND ${when} AND s.email IS NOT NULL AND ${f.mode}`;
    return [
      {
        sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, cc_addrs, reply_to,
                throttle_key, next_attempt_at, created_at, receipt_id, receipt_target)
              SELECT 'c' || s.campaign_id || ':s' || s.id || '.' || s.created_at || ':${f.name}', 'forward', s.campaign_id, s.id,
                c.sender_name, json_array(${f.to}), ${f.cc}, iif(s.reply_to_ok = 1, s.email, NULL), 'to:' || ${f.to},
                iif(${held(f.to)}, ${HELD_UNTIL}, ?2), ?2, lower(hex(randomblob(16))), ${f.receipt}
              ${from}
              ON CONFLICT DO NOTHING`,
        params: [id, now],
      },
    ];
  });
}

/**
 * The forwards of a confirmed signature restored from spam in the same batch (its `updated_at`
 * is ?2): the mail that marking it as spam dropped is queued again (each address's send
 * budget spaces it); mail that had gone out keeps its key, so nothing is sent twice.
 */
export function restoredForwardStatements(id: number, now: number): Statement[] {
  return forwardStatements(id, now, 's.updated_at = ?2');
}

/**
 * The supporter's receipt at confirmation, only when no forward of theirs was enqueued
 * (a digest campaign and no target): otherwise the drainer enqueues it when the first
 * forward goes (db/receipts.ts), so confirming writes no row for it.
 */
function receiptStatement(id: number, now: number): Statement {
  return receiptInsert(`s.id = ?1 AND s.confirmed_at = ?2 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE ${signatureRangeSql('s.campaign_id', 's.id')} AND o.kind = 'forward')`, [id, now]);
}

/**
 * Statements that confirm a pending signature, with what its owner chose on the
 * confirmation page, and enqueue its forwards, as one batch: the count moves by trigger;
 * each forward waits on its recipient's send budget (so mail to one embassy is spread out)
 * and is rendered by the drainer when it goes. A second confirmation changes nothing and,
 * by the keys, enqueues nothing. The last statement reports where the signature stands
 * (and whether the chosen target was one of the campaign's).
 */
export function confirmStatements(id: number, tokenHash: string, now: number, choices: ConfirmChoices | null = null): Statement[] {
  return [
    confirmUpdate(id, tokenHash, now, choices),
    ...forwardStatements(id, now),
    receiptStatement(id, now),
    linkStateStatement(id, tokenHash, choices?.targetKey ?? null),
  ];
}

/** Where a signature stands for its link: the batch's last statement, read by `linkState`. */
function linkStateStatement(id: number, tokenHash: string, targetKey: string | null = null): Statement {
  return {
    sql: `SELECT s.status, s.token_expires_at, c.status AS campaign_status, c.slug, c.title,
            (?3 IS NULL OR EXISTS (SELECT 1 FROM targets t WHERE t.campaign_id = s.campaign_id AND t.key = ?3 AND t.active = 1)) AS target_ok
          FROM signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE s.id = ?1 AND s.token_hash = ?2`,
    params: [id, tokenHash, targetKey],
  };
}

/** What the last statement of a confirm or withdraw batch says; null when the link is not one of ours. */
export type LinkState = { status: SignatureStatus; tokenExpiresAt: number; campaignStatus: 'open' | 'closed'; slug: string; title: string; targetOk: boolean };

/** Reads the `linkStateStatement` result of a batch. */
export function linkState(results: D1Result[]): LinkState | null {
  const row = results.at(-1)?.results[0] as
    | { status: SignatureStatus; token_expires_at: number; campaign_status: 'open' | 'closed'; slug: string; title: string; target_ok: number }
    | undefined;
  return row
    ? { status: row.status, tokenExpiresAt: row.token_expires_at, campaignStatus: row.campaign_status, slug: row.slug, title: row.title, targetOk: row.target_ok === 1 }
    : null;
}

/**
 * Statements that withdraw a signature, as one batch: uncounted (trigger), personal data
 * erased (and the updates opt-in cleared), link mail to its inbox, its receipt, its copies of
 * updates and unsent mail in its name dropped (what waited behind it goes sooner: budgets
 * are spent at the claim, so nothing is re-spaced), and the supporter's address taken off the sent forwards' Reply-To.
 */
export function withdrawStatements(id: number, tokenHash: string, now: number): Statement[] {
  const own = `FROM signatures WHERE id = ?1 AND token_hash = ?2`;
  const range = signatureRangeSql(`(SELECT campaign_id ${own})`, '?1');
  const drop: Statement[] = [
    { sql: `DELETE FROM outbox WHERE ${inboxRangeSql(`(SELECT inbox ${own})`)} AND signature_id = ?1`, params: [id, tokenHash] },
    // Unsent mail in its name; and its receipt even when sent: that one holds the address.
    { sql: `DELETE FROM outbox WHERE ${range} AND (status <> 'sent' OR kind = 'receipt')`, params: [id, tokenHash] },
    { sql: `UPDATE outbox SET reply_to = NULL WHERE ${range} AND reply_to IS NOT NULL`, params: [id, tokenHash] },
    // Its copies of updates, sent or not: they hold the address.
    dropUpdateMailStatement('?1', `(SELECT campaign_id ${own})`, [id, tokenHash], true),
    {
      sql: `UPDATE signatures SET status = 'withdrawn', withdrawn_at = ?3, updated_at = ?3,
              email = NULL, inbox = NULL, name = '', city = '', message = NULL, ip_hash = NULL, public = 0, updates_consent = NULL
            WHERE id = ?1 AND token_hash = ?2 AND status IN ('pending', 'confirmed', 'spam')`,
      params: [id, tokenHash, now],
    },
  ];
  return [...drop, linkStateStatement(id, tokenHash)];
}
