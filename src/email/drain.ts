import { claimDue } from '../db/outbox-claim';
import { type Outcome, openBatches, recordOutcomes } from '../db/outbox-queue';
import { textHash } from '../lib/ledger-hash';
import { confirmDelivered } from './delivery-events';
import { groupRows, outcomesFor, toEmail } from './drain-plan';
import type { MailConfig } from './index';
import type { FailureKind, OutgoingEmail } from './mailer';
import { renderRows } from './render';

/** A drainer that dies holds its rows this long before another takes them. */
export const LEASE_MS = 60_000;

export type DrainOptions = { now?: () => number; maxMessages?: number; random?: () => number };
export type DrainReport = {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  /** Each failed request: why, and how long its messages wait. */
  failures: { kind: FailureKind; waitMs: number | null; error: string }[];
  configError: string | null;
};

/**
 * Sends what is due in the outbox: claim under a lease, render, send, record each outcome.
 * Safe to run concurrently and to be killed at any point: a send whose outcome was not
 * recorded is repeated as the same request under the same idempotency key, so the
 * provider delivers it once. A 429 or a configuration error stops the run: the rest
 * waits as the provider asked.
 */
export async function drainOutbox(db: D1Database, config: MailConfig, options: DrainOptions = {}): Promise<DrainReport> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const report: DrainReport = { claimed: 0, sent: 0, retried: 0, dead: 0, failures: [], configError: null };
  if (!config.ok) {
    // Rows stay untouched (no attempt burnt): they go once the configuration is fixed.
    console.error(`outbox: mail cannot be sent: ${config.error}`);
    report.configError = config.error;
    return report;
  }
  const budget = options.maxMessages ?? 500;
  const perClaim = Math.min(100, config.mailer.maxBatch);
  let halted: { until: number; error: string } | null = null;
  while (report.claimed < budget && !halted) {
    const leaseId = crypto.randomUUID();
    const limit = Math.min(perClaim, budget - report.claimed);
    const rows = await claimDue(db, leaseId, now(), LEASE_MS, limit);
    if (rows.length === 0) break;
    report.claimed += rows.length;
    const outcomes: Outcome[] = [];
    const closed: string[] = [];
    const contents = await renderRows(db, rows, config.links);
    const sendable: { row: (typeof rows)[number]; email: OutgoingEmail }[] = [];
    for (const row of rows) {
      const content = contents.get(row.idempotency_key) ?? 'not rendered';
      const email = typeof content === 'string' ? content : toEmail(row, config.fromAddress, content);
      if (typeof email === 'string') {
        console.error(`outbox: message ${row.idempotency_key} (${row.kind}) cannot be sent: ${email}`);
        outcomes.push({ key: row.idempotency_key, status: 'dead', error: email });
      } else sendable.push({ row, email });
    }
    // The hash of the exact text handed to the provider: what a forward's ledger leaf commits to.
    const forwards = sendable.filter((s) => s.row.kind === 'forward');
    const hashes = new Map(await Promise.all(forwards.map(async (s) => [s.row.idempotency_key, await textHash(s.email.text)] as const)));
    const groups = groupRows(sendable);
    await openBatches(db, groups.map((g) => ({ key: g.key, members: g.rows.map((r) => r.idempotency_key) })), now());
    for (const group of groups) {
      if (halted) {
        // Not sent in this run: back as they were, without losing an attempt.
        const h = halted;
        outcomes.push(...group.rows.map((r): Outcome => ({ key: r.idempotency_key, status: 'retry', nextAttemptAt: h.until, error: h.error, batch: 'keep', counted: false })));
        continue;
      }
      const result = await config.mailer.sendBatch(group.emails, group.key);
      const planned = outcomesFor(group.rows, result, now(), random);
      outcomes.push(...planned.outcomes.map((o) => (o.status === 'sent' ? { ...o, textSha256: hashes.get(o.key) ?? null } : o)));
      if (planned.closed) closed.push(group.key);
      if (!result.ok) {
        report.failures.push({ kind: result.kind, waitMs: planned.waitMs, error: result.error });
        const log = result.kind === 'config' ? console.error : console.warn;
        log(`outbox: ${config.mailer.name} ${group.key} (${group.rows.length} messages): ${result.error}`);
        if (result.kind === 'config' || result.kind === 'throttled') {
          halted = { until: now() + (planned.waitMs ?? 0), error: result.error };
        }
      }
    }
    await recordOutcomes(db, leaseId, now(), outcomes, closed);
    if (config.mailer.confirmsDelivery) {
      // Forwards (the ledger) and updates (their progress) are followed; nothing else is.
      const followed = new Set([...hashes.keys(), ...sendable.flatMap((s) => (s.row.kind === 'update' ? [s.row.idempotency_key] : []))]);
      await confirmDelivered(db, outcomes.flatMap((o) => (o.status === 'sent' && followed.has(o.key) ? [o.key] : [])), now());
    }
    for (const o of outcomes) report[o.status === 'sent' ? 'sent' : o.status === 'dead' ? 'dead' : 'retried']++;
    // A short claim took all that was due: another would find nothing but what this round
    // made due (a refused batch's messages, split to go alone, go again at once; a sent
    // forward's receipt is enqueued by its send, and the supporter is waiting for it).
    const madeDue = outcomes.some((o) => (o.status === 'retry' && o.nextAttemptAt <= now()) || (o.status === 'sent' && hashes.has(o.key)));
    if (rows.length < limit && !madeDue) break;
  }
  return report;
}
