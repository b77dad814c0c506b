import { pauseMail } from '../db/mail-pauses';
import { CLAIM_STATEMENTS, claimDue } from '../db/outbox-claim';
import type { OutboxRow } from '../db/outbox';
import { type Outcome, openBatches, RECORD_STATEMENTS, recordOutcomes } from '../db/outbox-queue';
import { Budget, budgetedDb } from '../lib/budget';
import { textHash } from '../lib/ledger-hash';
import { confirmDelivered } from './delivery-events';
import { groupRows, outcomesFor, toEmail } from './drain-plan';
import type { MailConfig } from './index';
import type { FailureKind, OutgoingEmail } from './mailer';
import { renderRows } from './render';

/** A drainer that dies holds its rows this long before another takes them. */
export const LEASE_MS = 60_000;

/**
 * The most a round can cost in subrequests before its sends: the claim, rendering (the
 * signatures, the receipts' forwards, the updates, picket attendees, a campaign the
 * isolate has not cached) and writing down the batches; a send then costs one fetch and
 * its outcomes at most RECORD_STATEMENTS. A round starts only if one send fits too.
 */
const ROUND_COST = CLAIM_STATEMENTS + 6 + 1;
// (A quota error adds the statement that pauses sending.)
const SEND_COST = 1 + RECORD_STATEMENTS + 1;
/**
 * The dev mailbox (local only) costs more a message than a provider request: a statement to
 * store it, and its delivery noted as a webhook would (a read and two writes, the ledger leaf).
 */
const DEV_COST_PER_MESSAGE = 4;

export type DrainOptions = { now?: () => number; maxMessages?: number; random?: () => number; budget?: Budget };
export type DrainReport = {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  /** Each failed request: why, and how long its messages wait. */
  failures: { kind: FailureKind; waitMs: number | null; error: string }[];
  configError: string | null;
  /** Set when the invocation's subrequests ran out first: the rest is carried to the next run. */
  outOfBudget?: boolean;
};

type Halt = { until: number; error: string };
type Round = { db: D1Database; config: Extract<MailConfig, { ok: true }>; now: () => number; random: () => number; budget: Budget; report: DrainReport };

/** Renders claimed rows into emails; a row that cannot be one is dead at once (a bad address must not sink its batch). */
async function prepare(r: Round, rows: OutboxRow[], outcomes: Outcome[]): Promise<{ row: OutboxRow; email: OutgoingEmail }[]> {
  const contents = await renderRows(r.db, rows, r.config.links);
  const sendable: { row: OutboxRow; email: OutgoingEmail }[] = [];
  for (const row of rows) {
    const content = contents.get(row.idempotency_key) ?? 'not rendered';
    const email = typeof content === 'string' ? content : toEmail(row, r.config.fromAddress, content);
    if (typeof email === 'string') {
      console.error(`outbox: message ${row.idempotency_key} (${row.kind}) cannot be sent: ${email}`);
      outcomes.push({ key: row.idempotency_key, status: 'dead', error: email });
    } else sendable.push({ row, email });
  }
  return sendable;
}

/** Sends a round's groups, each one request; after a halt (429, configuration, budget) the rest go back untouched. */
async function sendGroups(r: Round, groups: ReturnType<typeof groupRows>, hashes: Map<string, string>, outcomes: Outcome[], closed: string[]): Promise<Halt | null> {
  let halted: Halt | null = null;
  for (const group of groups) {
    if (!halted && !r.budget.allows(SEND_COST)) {
      r.report.outOfBudget = true;
      halted = { until: r.now(), error: 'carried to the next run: this invocation’s subrequests are spent' };
    }
    if (halted) {
      const h = halted;
      outcomes.push(...group.rows.map((row): Outcome => ({ key: row.idempotency_key, status: 'retry', nextAttemptAt: h.until, error: h.error, batch: 'keep', counted: false })));
      continue;
    }
    r.budget.spend();
    const result = await r.config.mailer.sendBatch(group.emails, group.key);
    const planned = outcomesFor(group.rows, result, r.now(), r.random);
    outcomes.push(...planned.outcomes.map((o) => (o.status === 'sent' ? { ...o, textSha256: hashes.get(o.key) ?? null } : o)));
    if (planned.closed) closed.push(group.key);
    if (result.ok) continue;
    r.report.failures.push({ kind: result.kind, waitMs: planned.waitMs, error: result.error });
    (result.kind === 'config' ? console.error : console.warn)(`outbox: ${r.config.mailer.name} ${group.key} (${group.rows.length} messages): ${result.error}`);
    if (result.kind === 'ambiguous' || result.kind === 'rejected' || result.kind === 'in-flight') continue;
    halted = { until: r.now() + (planned.waitMs ?? 0), error: result.error };
    // Until a quota resets nothing can go: the claim takes nothing before then.
    if (result.kind === 'quota') await pauseMail(r.db, { mailer: r.config.mailer.name, until: halted.until, code: result.code ?? 'quota', message: result.error }, r.now());
  }
  return halted;
}

/** One claim: render, send, record. Returns how many rows it claimed, whether it made more due, and any halt. */
async function drainRound(r: Round, wanted: number): Promise<{ claimed: number; madeDue: boolean; halted: Halt | null }> {
  const limit = r.config.mailer.confirmsDelivery ? Math.max(1, Math.min(wanted, Math.floor((r.budget.left - ROUND_COST - SEND_COST) / DEV_COST_PER_MESSAGE))) : wanted;
  const leaseId = crypto.randomUUID();
  const rows = await claimDue(r.db, leaseId, r.now(), LEASE_MS, limit);
  if (rows.length === 0) return { claimed: 0, madeDue: false, halted: null };
  const outcomes: Outcome[] = [];
  const closed: string[] = [];
  const sendable = await prepare(r, rows, outcomes);
  // The hash of the exact text handed to the provider: what a forward's ledger leaf commits to.
  const forwards = sendable.filter((s) => s.row.kind === 'forward');
  const hashes = new Map(await Promise.all(forwards.map(async (s) => [s.row.idempotency_key, await textHash(s.email.text)] as const)));
  const groups = groupRows(sendable);
  await openBatches(r.db, groups.map((g) => ({ key: g.key, members: g.rows.map((row) => row.idempotency_key) })), r.now());
  const halted = await sendGroups(r, groups, hashes, outcomes, closed);
  await recordOutcomes(r.db, leaseId, r.now(), outcomes, closed);
  if (r.config.mailer.confirmsDelivery) {
    // Forwards (the ledger) and updates (their progress) are followed; nothing else is.
    const followed = new Set([...hashes.keys(), ...sendable.flatMap((s) => (s.row.kind === 'update' ? [s.row.idempotency_key] : []))]);
    await confirmDelivered(r.db, outcomes.flatMap((o) => (o.status === 'sent' && followed.has(o.key) ? [o.key] : [])), r.now());
  }
  for (const o of outcomes) r.report[o.status === 'sent' ? 'sent' : o.status === 'dead' ? 'dead' : 'retried']++;
  // A refused batch's messages, split to go alone, go again at once; a sent forward's
  // receipt is enqueued by its send, and the supporter is waiting for it.
  const madeDue = outcomes.some((o) => (o.status === 'retry' && o.nextAttemptAt <= r.now() && !halted) || (o.status === 'sent' && hashes.has(o.key)));
  return { claimed: rows.length, madeDue, halted };
}

/**
 * Sends what is due in the outbox: claim under a lease, render, send, record each outcome,
 * round after round while the invocation's `budget` of subrequests holds one more (the
 * backlog is carried to the next run, never cut off halfway). Safe to run concurrently and
 * to be killed at any point: a send whose outcome was not recorded is repeated as the same
 * request under the same idempotency key, so the provider delivers it once. A 429 or a
 * configuration error stops the run: the rest waits as the provider asked.
 */
export async function drainOutbox(db: D1Database, config: MailConfig, options: DrainOptions = {}): Promise<DrainReport> {
  const report: DrainReport = { claimed: 0, sent: 0, retried: 0, dead: 0, failures: [], configError: null };
  if (!config.ok) {
    // Rows stay untouched (no attempt burnt): they go once the configuration is fixed.
    console.error(`outbox: mail cannot be sent: ${config.error}`);
    report.configError = config.error;
    return report;
  }
  const budget = options.budget ?? new Budget(Number.POSITIVE_INFINITY);
  const r: Round = { db: budgetedDb(db, budget), config, now: options.now ?? Date.now, random: options.random ?? Math.random, budget, report };
  const most = options.maxMessages ?? 500;
  const perClaim = Math.min(100, config.mailer.maxBatch);
  while (report.claimed < most) {
    if (!budget.allows(ROUND_COST + SEND_COST)) {
      report.outOfBudget = true;
      break;
    }
    const limit = Math.min(perClaim, most - report.claimed);
    const round = await drainRound(r, limit);
    report.claimed += round.claimed;
    // A short claim took all that was due: another would find nothing new.
    if (round.halted || round.claimed === 0 || (round.claimed < limit && !round.madeDue)) break;
  }
  return report;
}
