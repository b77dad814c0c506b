import { drainOutbox, type DrainReport } from './drain';
import { enqueueDigests } from './digest';
import type { MailConfig } from './index';

/**
 * One cron run. Its clock starts at the trigger's `scheduledTime` and runs on from there,
 * so a test can hand it any moment (a day later, past every backoff) without waiting.
 */
export async function runCron(db: D1Database, config: MailConfig, scheduledTime: number): Promise<DrainReport | null> {
  const started = Date.now();
  const now = () => scheduledTime + (Date.now() - started);
  try {
    const digests = await enqueueDigests(db, now());
    const report = await drainOutbox(db, config, { now, maxMessages: 1000 });
    console.log('outbox: cron run', { digests, claimed: report.claimed, sent: report.sent, retried: report.retried, dead: report.dead });
    return report;
  } catch (err) {
    console.error('outbox: cron run failed', err);
    return null;
  }
}
