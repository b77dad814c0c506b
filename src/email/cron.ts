import { enqueueReminders } from '../db/reminders';
import { Budget, budgetedDb } from '../lib/budget';
import { drainOutbox, type DrainReport } from './drain';
import { enqueueUpdates } from '../db/update-enqueue';
import { enqueueDigests } from './digest';
import { enqueuePicketReminders } from '../db/picket-reminders';
import type { MailConfig } from './index';
import { enqueueMilestones } from './milestone-mail';
import { rollUpTallies } from '../db/tallies';

/** Runs one step of a cron run; a failure is logged and kept, so the next step still runs. */
async function step<T>(name: string, failures: unknown[], run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    console.error(`outbox: cron step "${name}" failed`, err);
    failures.push(err);
    return null;
  }
}

/**
 * One cron run: the digests, the reminders, the picket reminders (a day before) and the
 * organisers' milestone mail that are due, the next step of updates being sent, the drain,
 * then a step of the signature summaries, each step guarded on its own
 * (a broken digest never stops the mail of every campaign). A failed step still fails the
 * run (thrown once every step has run), so the cron invocation shows as failed. Its clock
 * starts at the trigger's `scheduledTime` and runs on from there, so a test can hand it
 * any moment (a day later, past every backoff) without waiting. `budget` is the
 * invocation's subrequests (what the scheduled handler spent before is already counted):
 * the drain sends what fits and carries the backlog to the next minute.
 */
/** Subrequests a cron run keeps from its drain for the summaries' step: two of its campaigns behind. */
const TALLY_RESERVE = 11;

export async function runCron(raw: D1Database, config: MailConfig, scheduledTime: number, budget = new Budget(Number.POSITIVE_INFINITY), maxMessages = 1000): Promise<DrainReport> {
  // Every step spends from the run's budget; the drain takes what is left.
  const db = budgetedDb(raw, budget);
  const started = Date.now();
  const now = () => scheduledTime + (Date.now() - started);
  const failures: unknown[] = [];
  const digests = await step('digests', failures, () => enqueueDigests(db, now()));
  const reminders = await step('reminders', failures, () => enqueueReminders(db, now()));
  const picketReminders = await step('picket reminders', failures, () => enqueuePicketReminders(db, now()));
  // Milestone mail is written whole, with its link: it waits for a configuration that can send.
  const milestones = config.ok ? await step('milestones', failures, () => enqueueMilestones(db, config.links, now())) : null;
  // The next supporters of updates being sent (a thousand a minute), before the drain sends them.
  const updates = await step('updates', failures, () => enqueueUpdates(db, now()));
  // The drain takes what is left but a few: the summaries' step after it (db/tallies.ts) is two
  // statements, a query and four a campaign behind; after the drain, so the mail's clock is as
  // the steps before left it. A dashboard's own step catches up whatever this one leaves.
  const forDrain = new Budget(Math.max(0, budget.left - TALLY_RESERVE));
  const report = await step('drain', failures, () => drainOutbox(raw, config, { now, maxMessages, budget: forDrain }));
  budget.spend(forDrain.spent);
  const maxCampaigns = Math.floor((budget.left - 3) / 4);
  const tallies = maxCampaigns > 0 ? await step('tallies', failures, () => rollUpTallies(db, now(), { maxCampaigns })) : null;
  const drained = report && { claimed: report.claimed, sent: report.sent, retried: report.retried, dead: report.dead, outOfBudget: report.outOfBudget ?? false, subrequests: budget.spent };
  console.log('outbox: cron run', { digests, reminders, picketReminders, milestones, updates, tallies, drained });
  if (failures.length > 0 || !report) throw new AggregateError(failures, `outbox: cron run failed in ${failures.length} step(s)`);
  return report;
}
