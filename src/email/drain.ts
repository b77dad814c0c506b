import { assignBatchKeys, claimDue, type Outcome, recordOutcomes } from '../db/outbox-queue';
import { textHash } from '../lib/ledger-hash';
import { confirmDelivered } from './delivery-events';
import { groupRows, outcomesFor, toEmail } from './drain-plan';
import type { MailConfig } from './index';
import type { FailureKind, OutgoingEmail } from './mailer';


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
 * Sends what is due in the outbox: claim under a lease, send, record each outcome.
 * Safe to run concurrently and to be killed at any point: a send whose outcome was not
 * recorded is repeated under the same idempotency key, so the provider delivers it once.
 * A 429 or a configuration error stops the run: the rest waits as the provider asked.
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
  let halted: { until: number; error: string } | null = null;
  while (report.claimed < budget && !halted) {
    const leaseId = crypto.randomUUID();
    const rows = await claimDue(db, leaseId, now(), LEASE_MS, Math.min(100, budget - report.claimed));
    if (rows.length === 0) break;
    report.claimed += rows.length;
    const outcomes: Outcome[] = [];
    const sendable: { row: (typeof rows)[number]; email: OutgoingEmail }[] = [];
    for (const row of rows) {
      const email = toEmail(row, config.fromAddress);
      if (typeof email === 'string') {
        console.error(`outbox: message ${row.id} (${row.kind}) cannot be sent: ${email}`);
        outcomes.push({ id: row.id, status: 'dead', error: email });
      } else sendable.push({ row, email });
    }
    // The hash of the exact text handed to the provider: what a delivered leaf commits to.
    const hashes = new Map(await Promise.all(sendable.map(async (s) => [s.row.id, await textHash(s.email.text)] as const)));
    const groups = groupRows(sendable, config.mailer.maxBatch);
    await assignBatchKeys(db, leaseId, new Map(groups.filter((g) => g.isNew).flatMap((g) => g.rows.map((r) => [r.id, g.key] as const))));
    for (const group of groups) {
      if (halted) {
        // Not sent in this run: back as they were, without losing an attempt.
        const h = halted;
        outcomes.push(...group.rows.map((r): Outcome => ({ id: r.id, status: 'retry', nextAttemptAt: h.until, error: h.error, batch: 'keep', counted: false })));
        continue;
      }
      const result = await config.mailer.sendBatch(group.emails, group.key);
      const { outcomes: these, waitMs } = outcomesFor(group.rows, result, now(), random);
      outcomes.push(...these.map((o) => (o.status === 'sent' ? { ...o, textSha256: hashes.get(o.id) ?? null } : o)));
      if (!result.ok) {
        report.failures.push({ kind: result.kind, waitMs, error: result.error });
        const log = result.kind === 'config' ? console.error : console.warn;
        log(`outbox: ${config.mailer.name} ${group.key} (${group.rows.length} messages): ${result.error}`);
        if (result.kind === 'config' || result.kind === 'throttled') {
          halted = { until: now() + (waitMs ?? 0), error: result.error };
        }
      }
    }
    await recordOutcomes(db, leaseId, now(), outcomes);
    if (config.mailer.confirmsDelivery) {
      await confirmDelivered(db, outcomes.flatMap((o) => (o.status === 'sent' && o.providerId ? [o.providerId] : [])), now());
    }
    for (const o of outcomes) report[o.status === 'sent' ? 'sent' : o.status === 'dead' ? 'dead' : 'retried']++;
  }
  return report;
}
