import * as v from 'valibot';
import type { OutboxRow } from '../db/outbox';
import type { Outcome } from '../db/outbox-queue';
import { StringList } from '../schemas/text';
import { isMailAddress } from './index';
import { quotaWaitMs } from './resend';
import type { OutgoingEmail, SendResult } from './mailer';
import type { MailContent } from './templates';

/** After this many attempts that failed (429s and configuration errors do not count), a message is dead. */
export const MAX_ATTEMPTS = 24;
const BASE_BACKOFF_MS = 15_000;
const MAX_BACKOFF_MS = 3_600_000;

/**
 * Exponential backoff with jitter: a random wait in [c/2, c], c = base·2^(n-1) capped at
 * an hour. With 24 attempts a message keeps trying for about 16 hours, inside Resend's
 * 24-hour idempotency window, so an outage that long only delays mail.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The row as an email with its content (stored, or rendered by the caller from the
 * signature), or why it cannot be one (a bad address must not sink its batch).
 */
export function toEmail(row: OutboxRow, fromAddress: string, content: MailContent): OutgoingEmail | string {
  const to = v.safeParse(StringList, JSON.parse(row.to_addrs));
  const cc = v.safeParse(StringList, JSON.parse(row.cc_addrs));
  if (!to.success || !cc.success) return 'recipient list is not a list of addresses';
  const bad = [...to.output, ...cc.output, ...(row.reply_to ? [row.reply_to] : [])].filter((a) => !isMailAddress(a));
  if (bad.length > 0) return `invalid address ${bad.map((a) => JSON.stringify(a)).join(', ')}: fix the campaign file and push it again`;
  // The display name is quoted, so a comma or angle bracket in it cannot add a recipient.
  const { fromName, ...mail } = content;
  const name = (fromName ?? row.from_name).replace(/["\\\r\n]/g, '');
  return {
    idempotencyKey: row.idempotency_key,
    from: `"${name}" <${fromAddress}>`,
    to: to.output,
    cc: cc.output,
    ...mail,
    // The supporter's address (only where they allowed it) first, then any the content adds.
    replyTo: content.replyTo?.length ? [...(row.reply_to ? [row.reply_to] : []), ...content.replyTo] : row.reply_to,
  };
}

/** Rows that go out in one request under one idempotency key. */
export type Group = { key: string; rows: OutboxRow[]; emails: OutgoingEmail[] };

/** Groups claimed rows by the request they go out in (the claim gave every row one). */
export function groupRows(rows: { row: OutboxRow; email: OutgoingEmail }[]): Group[] {
  const groups = new Map<string, Group>();
  for (const { row, email } of rows) {
    const key = row.batch_key ?? row.idempotency_key;
    const group = groups.get(key) ?? { key, rows: [], emails: [] };
    group.rows.push(row);
    group.emails.push(email);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** What to write down for each row of a group after its send, and whether its request is closed. */
export function outcomesFor(rows: OutboxRow[], result: SendResult, now: number, random: () => number): { outcomes: Outcome[]; waitMs: number | null; closed: boolean } {
  if (result.ok) return { outcomes: rows.map((r, i) => ({ key: r.idempotency_key, status: 'sent', providerId: result.providerIds[i] ?? null })), waitMs: null, closed: true };
  const error = result.error;
  switch (result.kind) {
    case 'rejected':
      // A refused batch sent nothing: its members go again one by one, and only a message
      // refused on its own is dead.
      if (rows.length === 1) return { outcomes: rows.map((r) => ({ key: r.idempotency_key, status: 'dead', error })), waitMs: null, closed: true };
      return { outcomes: rows.map((r) => ({ key: r.idempotency_key, status: 'retry', nextAttemptAt: now, error, batch: 'solo', counted: false })), waitMs: 0, closed: true };
    case 'throttled':
    case 'quota':
    case 'in-flight':
    case 'config': {
      const quota = result.kind === 'quota' ? quotaWaitMs(result.code ?? '', now) : null;
      const wait = quota ?? result.retryAfterMs ?? 60_000;
      return { outcomes: rows.map((r) => ({ key: r.idempotency_key, status: 'retry', nextAttemptAt: now + wait, error, batch: 'keep', counted: false })), waitMs: wait, closed: false };
    }
    case 'ambiguous': {
      // The batch lives and dies together: it must go again whole, or not at all.
      const attempts = Math.max(...rows.map((r) => r.attempts));
      if (attempts >= MAX_ATTEMPTS) {
        return { outcomes: rows.map((r) => ({ key: r.idempotency_key, status: 'dead', error: `gave up after ${attempts} attempts: ${error}` })), waitMs: null, closed: true };
      }
      const wait = backoffMs(attempts, random);
      return { outcomes: rows.map((r) => ({ key: r.idempotency_key, status: 'retry', nextAttemptAt: now + wait, error, batch: 'keep', counted: true })), waitMs: wait, closed: false };
    }
  }
}
