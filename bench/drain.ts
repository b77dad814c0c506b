/**
 * The drainer's messages per second: due messages seeded into the outbox, drained by
 * the Worker's own cron handler (`/__scheduled`, as the minute cron runs it) through the
 * Resend mailer pointed at the tests' fake Resend server (test/fake-resend).
 */
import { freshCopy, sqliteFile, startApp } from './app';
import { SLUG } from './client';
import { type BenchConfig, PORTS } from './config';
import { addCost, type D1Cost, isolateTotals } from './cost';
import { campaignId, seedOutbox } from './sqlite';
import { type FakeResend, startFakeResend } from '../test/fake-resend/server';

export const FAKE_KEY = 're_bench_key';

/** Starts the fake Resend of the tests on the bench's port. */
export function startFake(): Promise<FakeResend> {
  return startFakeResend({ port: PORTS.fakeResend });
}

/** Worker vars that send mail through the fake (links in real mail need PUBLIC_URL: the app's own port). */
export function fakeVars(fake: FakeResend): Record<string, string> {
  return { RESEND_API_KEY: FAKE_KEY, RESEND_BASE_URL: fake.url, MAIL_FROM: 'bench@example.org', PUBLIC_URL: `http://127.0.0.1:${PORTS.app}` };
}

/** `perMessage`: D1 work of the cron runs (their own queries included) divided by the messages sent. */
export type DrainResult = { messages: number; seconds: number; messagesPerSecond: number; providerCalls: number; drainRuns: number; perMessage: D1Cost };

/** Seeds due messages, runs the cron drain until all arrived at the fake (bounded in runs and time). */
export async function drainPhase(template: string, cfg: BenchConfig, fake: FakeResend, log: (s: string) => void): Promise<DrainResult> {
  fake.reset(FAKE_KEY);
  const dir = freshCopy(template);
  const file = sqliteFile(dir);
  seedOutbox(file, campaignId(file, SLUG), cfg.drainMessages);
  const app = await startApp({ persistDir: dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars: fakeVars(fake) });
  try {
    const delivered = () => fake.stats(FAKE_KEY).delivered.length;
    const before = await isolateTotals(app);
    const start = performance.now();
    const maxRuns = Math.ceil(cfg.drainMessages / 100) + 20;
    let runs = 0;
    while (delivered() < cfg.drainMessages && runs < maxRuns && performance.now() - start < 120_000) {
      runs += 1;
      const res = await fetch(`${app.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`, { signal: AbortSignal.timeout(120_000) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
    }
    // The last run's sends may still be finishing after its answer.
    for (let i = 0; i < 100 && delivered() < cfg.drainMessages; i++) await new Promise((r) => setTimeout(r, 100));
    const seconds = (performance.now() - start) / 1000;
    const messages = delivered();
    // The last run's outcomes may still be being recorded: wait until the totals stand still.
    let spent = addCost(await isolateTotals(app), before, -1);
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const now = addCost(await isolateTotals(app), before, -1);
      if (now.roundTrips === spent.roundTrips) break;
      spent = now;
    }
    const per = (v: number) => Math.round((v / Math.max(1, messages)) * 100) / 100;
    const perMessage = { queries: per(spent.queries), roundTrips: per(spent.roundTrips), rowsRead: per(spent.rowsRead), rowsWritten: per(spent.rowsWritten), ms: per(spent.ms) };
    const result = { messages, seconds, messagesPerSecond: Math.round(messages / seconds), providerCalls: fake.stats(FAKE_KEY).requests, drainRuns: runs, perMessage };
    log(`drain: ${JSON.stringify(result)}`);
    if (messages < cfg.drainMessages) throw new Error(`only ${messages} of ${cfg.drainMessages} messages arrived at the fake`);
    return result;
  } finally {
    await app.stop();
  }
}
