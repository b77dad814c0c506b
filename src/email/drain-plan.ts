import * as v from 'valibot';
import type { OutboxRow } from '../db/outbox';
import type { Outcome } from '../db/outbox-queue';
import { isMailAddress } from './index';
import type { OutgoingEmail, SendResult } from './mailer';
import { StringList } from '../schemas/text';

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


/** The row as an email, or why it cannot be one (a bad address must not sink its batch). */
export function toEmail(row: OutboxRow, fromAddress: string): OutgoingEmail | string {
  const to = v.safeParse(StringList, JSON.parse(row.to_addrs));
  const cc = v.safeParse(StringList, JSON.parse(row.cc_addrs));
  if (!to.success || !cc.success) return 'recipient list is not a list of addresses';
  const bad = [...to.output, ...cc.output, ...(row.reply_to ? [row.reply_to] : [])].filter((a) => !isMailAddress(a));
  if (bad.length > 0) return `invalid address ${bad.map((a) => JSON.stringify(a)).join(', ')}: fix the campaign file and push it again`;
  // The display name is quoted, so a comma or angle bracket in it cannot add a recipient.
  const name = row.from_name.replace(/["\\\r\n]/g, '');
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    from: `"${name}" <${fromAddress}>`,
    to: to.output,
    cc: cc.output,
    replyTo: row.reply_to,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
  };
}

/** Rows that go out in one request under one idempotency key. */
export type Group = { key: string; rows: OutboxRow[]; emails: OutgoingEmail[]; isNew: boolean };

/**
 * Groups claimed rows for sending. Rows that went out before under a key whose outcome
 * is unknown go again as that same request; the rest are packed into new batches under
 * a fresh random key (a single row goes under its own key).
 */
export function groupRows(rows: { row: OutboxRow; email: OutgoingEmail }[], maxBatch: number): Group[] {
  const known = new Map<string, Group>();
  const fresh: { row: OutboxRow; email: OutgoingEmail }[] = [];
  for (const item of rows) {
    const key = item.row.batch_key;
    if (!key) {
      fresh.push(item);
      continue;
    }
    const group = known.get(key) ?? { key, rows: [], emails: [], isNew: false };
    group.rows.push(item.row);
    group.emails.push(item.email);
    known.set(key, group);
  }
  const groups = [...known.values()];
  for (let i = 0; i < fresh.length; i += maxBatch) {
    const chunk = fresh.slice(i, i + maxBatch);
    const key = chunk.length === 1 ? chunk[0]!.row.idempotency_key : `batch-${crypto.randomUUID()}`;
    groups.push({ key, rows: chunk.map((c) => c.row), emails: chunk.map((c) => c.email), isNew: true });
  }
  return groups;
}

/** What to write down for each row of a group after its send. */
export function outcomesFor(rows: OutboxRow[], result: SendResult, now: number, random: () => number): { outcomes: Outcome[]; waitMs: number | null } {
  if (result.ok) return { outcomes: rows.map((r, i) => ({ id: r.id, status: 'sent', providerId: result.providerIds[i] ?? null })), waitMs: null };
  const error = result.error;
  switch (result.kind) {
    case 'rejected':
      // A refused batch sent nothing: its members go again one by one, and only a message
      // refused on its own is dead.
      if (rows.length === 1) return { outcomes: rows.map((r) => ({ id: r.id, status: 'dead', error })), waitMs: null };
      return { outcomes: rows.map((r) => ({ id: r.id, status: 'retry', nextAttemptAt: now, error, batch: 'solo', counted: false })), waitMs: 0 };
    case 'throttled':
    case 'in-flight':
    case 'config': {
      const wait = result.retryAfterMs ?? 60_000;
      return { outcomes: rows.map((r) => ({ id: r.id, status: 'retry', nextAttemptAt: now + wait, error, batch: 'keep', counted: false })), waitMs: wait };
    }
    case 'ambiguous': {
      // The batch lives and dies together: it must go again whole, or not at all.
      const attempts = Math.max(...rows.map((r) => r.attempts));
      if (attempts >= MAX_ATTEMPTS) {
        return { outcomes: rows.map((r) => ({ id: r.id, status: 'dead', error: `gave up after ${attempts} attempts: ${error}` })), waitMs: null };
      }
      const wait = backoffMs(attempts, random);
      return { outcomes: rows.map((r) => ({ id: r.id, status: 'retry', nextAttemptAt: now + wait, error, batch: 'keep', counted: true })), waitMs: wait };
    }
  }
}
