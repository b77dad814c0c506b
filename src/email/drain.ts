import * as v from 'valibot';
import type { OutboxRow } from '../db/outbox';
import { assignBatchKey, claimDue, type Outcome, recordOutcomes } from '../db/outbox-queue';
import type { MailConfig } from './index';
import type { OutgoingEmail, SendResult } from './mailer';

/** A drainer that dies holds its rows this long before another takes them. */
export const LEASE_MS = 60_000;
/** After this many attempts a message is dead, with its last error kept. */
export const MAX_ATTEMPTS = 10;
const BASE_BACKOFF_MS = 15_000;
const MAX_BACKOFF_MS = 3_600_000;

export type DrainOptions = { now?: () => number; maxMessages?: number; random?: () => number };
export type DrainReport = { claimed: number; sent: number; retried: number; dead: number };

/** Exponential backoff with full jitter: a random wait in [base·2^(n-1)/2, base·2^(n-1)]. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const AddressList = v.array(v.string());

function toEmail(row: OutboxRow, fromAddress: string): OutgoingEmail {
  // The display name is quoted, so a comma or angle bracket in it cannot add a recipient.
  const name = row.from_name.replace(/["\\]/g, '');
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    from: `"${name}" <${fromAddress}>`,
    to: v.parse(AddressList, JSON.parse(row.to_addrs)),
    cc: v.parse(AddressList, JSON.parse(row.cc_addrs)),
    replyTo: row.reply_to,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
  };
}

/**
 * Groups claimed rows for sending: rows that already went out in a batch whose outcome
 * is unknown go again as that same batch; the rest are packed into new batches.
 */
function groupRows(rows: OutboxRow[], maxBatch: number): { key: string; rows: OutboxRow[]; isNew: boolean }[] {
  const groups = new Map<string, OutboxRow[]>();
  const fresh: OutboxRow[] = [];
  for (const row of rows) {
    if (row.batch_key) groups.set(row.batch_key, [...(groups.get(row.batch_key) ?? []), row]);
    else fresh.push(row);
  }
  const result = [...groups].map(([key, rows]) => ({ key, rows, isNew: false }));
  for (let i = 0; i < fresh.length; i += maxBatch) {
    const chunk = fresh.slice(i, i + maxBatch);
    const key = chunk.length === 1 ? chunk[0]!.idempotency_key : `batch-${chunk[0]!.id}-${chunk.length}-${chunk.at(-1)!.id}`;
    result.push({ key, rows: chunk, isNew: chunk.length > 1 });
  }
  return result;
}

function outcomesFor(rows: OutboxRow[], result: SendResult, now: number, random: () => number): Outcome[] {
  if (result.ok) return rows.map((r, i) => ({ id: r.id, status: 'sent', providerId: result.providerIds[i] ?? null }));
  return rows.map((r): Outcome => {
    // A batch rejected as invalid sent nothing: its members are retried one by one, and
    // only a message rejected on its own is dead.
    if (result.permanent && rows.length === 1) return { id: r.id, status: 'dead', error: result.error };
    if (result.permanent) return { id: r.id, status: 'retry', nextAttemptAt: now, error: result.error, keepBatch: false };
    if (r.attempts >= MAX_ATTEMPTS) return { id: r.id, status: 'dead', error: `gave up after ${r.attempts} attempts: ${result.error}` };
    const wait = result.retryAfterMs ?? backoffMs(r.attempts, random);
    return { id: r.id, status: 'retry', nextAttemptAt: now + wait, error: result.error, keepBatch: result.ambiguous };
  });
}

/**
 * Sends what is due in the outbox: claim under a lease, send, record each outcome.
 * Safe to run concurrently and to be killed at any point: an unrecorded send is retried
 * under the same idempotency key, so the provider delivers it once.
 */
export async function drainOutbox(db: D1Database, config: MailConfig, options: DrainOptions = {}): Promise<DrainReport> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const report: DrainReport = { claimed: 0, sent: 0, retried: 0, dead: 0 };
  const budget = options.maxMessages ?? 500;
  while (report.claimed < budget) {
    const leaseId = crypto.randomUUID();
    const rows = await claimDue(db, leaseId, now(), LEASE_MS, Math.min(100, budget - report.claimed));
    if (rows.length === 0) break;
    report.claimed += rows.length;
    const outcomes: Outcome[] = [];
    if (!config.ok) {
      console.error(`outbox: ${config.error}`);
      outcomes.push(...rows.map((r) => ({ id: r.id, status: 'retry' as const, nextAttemptAt: now() + backoffMs(r.attempts, random), error: config.error, keepBatch: true })));
    } else {
      for (const group of groupRows(rows, config.mailer.maxBatch)) {
        if (group.isNew) await assignBatchKey(db, leaseId, group.rows.map((r) => r.id), group.key);
        const emails = group.rows.map((r) => toEmail(r, config.fromAddress));
        const result = await config.mailer.sendBatch(emails, group.key);
        if (!result.ok) console.warn(`outbox: ${config.mailer.name} ${group.key}: ${result.error}`);
        outcomes.push(...outcomesFor(group.rows, result, now(), random));
      }
    }
    await recordOutcomes(db, leaseId, now(), outcomes);
    for (const o of outcomes) report[o.status === 'sent' ? 'sent' : o.status === 'dead' ? 'dead' : 'retried']++;
  }
  return report;
}
