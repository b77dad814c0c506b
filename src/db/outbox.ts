import type { Statement } from './statements';

/** Picket mail (issue 18): see email/picket-mail.tsx. */
export type MailKind = 'confirm' | 'already-signed' | 'forward' | 'receipt' | 'digest' | 'login' | 'reminder' | 'milestone' | 'update' | 'update-test'
  | 'picket-confirm' | 'picket-reminder' | 'picket-notice';

/** At most this many link emails (confirmation, note, sign-in link) to one inbox an hour. */
export const LINK_MAILS_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

const pad = (ms: number) => String(ms).padStart(15, '0');

/**
 * Keys say whose mail a row is (see migrations/0002): the lookups the app needs are ranges
 * of the primary key. Link mail to an inbox: `i:<inbox> <time>`; mail in a signature's
 * name: `c<campaign>:s<signature>.<created>:<recipient>` (campaign, target; and the
 * supporter's receipt, `:receipt`); a campaign's digest:
 * `c<campaign>:digest:<day>`. An inbox never holds a space, so `i:<inbox> ` is a prefix of
 * that inbox's keys only; a random tail keeps two mails of the same millisecond apart.
 */
export const keys = {
  link: (inbox: string, now: number) => `i:${inbox} ${pad(now)}.${crypto.randomUUID().slice(0, 8)}`,
  digest: (campaignId: number, day: string) => `c${campaignId}:digest:${day}`,
};

/** SQL: the key range of link mail to the inbox in `inboxSql`, as `idempotency_key` bounds. */
export function inboxRangeSql(inboxSql: string): string {
  return `idempotency_key >= 'i:' || ${inboxSql} || ' ' AND idempotency_key < 'i:' || ${inboxSql} || '!'`;
}

// Ids are cast: D1 may bind a JavaScript number as a real, which would print as `5.0`.
const id = (sql: string) => `CAST(${sql} AS INTEGER)`;

/** SQL: the key range of mail in a signature's name (campaign id, signature id as SQL). */
export function signatureRangeSql(campaignSql: string, signatureSql: string): string {
  const prefix = `'c' || ${id(campaignSql)} || ':s' || ${id(signatureSql)}`;
  return `idempotency_key > ${prefix} || '.' AND idempotency_key < ${prefix} || '/'`;
}

/** SQL: the key range of a campaign's mail (forwards, receipts and digests); `column` names the key in a join. */
export function campaignRangeSql(campaignSql: string, column = 'idempotency_key'): string {
  return `${column} >= 'c' || ${id(campaignSql)} || ':' AND ${column} < 'c' || ${id(campaignSql)} || ';'`;
}

/**
 * SQL: whether the inbox may get another link email now: fewer than LINK_MAILS_PER_HOUR in
 * the last hour. Part of the INSERT that enqueues the mail, so parallel requests (one
 * transaction each in D1) can never get past it.
 */
export function inboxCapSql(inboxSql: string, nowSql: string): string {
  return `(SELECT count(*) FROM outbox
      WHERE idempotency_key > 'i:' || ${inboxSql} || ' ' || printf('%015d', ${nowSql} - ${HOUR_MS})
        AND idempotency_key < 'i:' || ${inboxSql} || '!') < ${LINK_MAILS_PER_HOUR}`;
}

/** An email written whole when enqueued (digest, sign-in link). */
export type NewMail = {
  kind: MailKind;
  campaignId: number | null;
  idempotencyKey: string;
  fromName: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
};

/**
 * The statement that enqueues one email written whole. With `capInbox`, only while that
 * inbox is under its hourly cap of link emails. A key already in the outbox enqueues nothing.
 */
export function enqueueStatement(mail: NewMail, now: number, capInbox?: string): Statement {
  return {
    sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, from_name, to_addrs, cc_addrs, subject, text_body,
            html_body, next_attempt_at, created_at)
          SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10
          WHERE ?11 IS NULL OR ${inboxCapSql('?11', '?10')}
          ON CONFLICT DO NOTHING`,
    params: [
      mail.idempotencyKey, mail.kind, mail.campaignId, mail.fromName, JSON.stringify(mail.to), JSON.stringify(mail.cc ?? []),
      mail.subject, mail.text, mail.html, now, capInbox ?? null,
    ],
  };
}

/** A claimed outbox row, ready to render and send. */
export type OutboxRow = {
  idempotency_key: string;
  kind: MailKind;
  campaign_id: number | null;
  signature_id: number | null;
  from_name: string;
  to_addrs: string;
  cc_addrs: string;
  reply_to: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  attempts: number;
  batch_key: string | null;
  lease_id: string;
  /** Mail to a throttled address ('to:' + address); null for mail that is not throttled. */
  throttle_key?: string | null;
};
