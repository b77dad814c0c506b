/**
 * The drainer's messages per second: due messages seeded into the outbox, drained by
 * the Worker's own cron handler (`/__scheduled`, as the minute cron runs it) through the
 * Resend mailer pointed at the fake Resend server from test/fake-resend.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshCopy, sqliteFile, startApp } from './app';
import { SLUG } from './client';
import { type BenchConfig, PORTS } from './config';
import type { Skipped } from './phases';
import { campaignId, seedOutbox } from './sqlite';

export const FAKE_KEY = 're_bench_key';

/** The part of test/fake-resend/server.ts the bench uses. */
export type Fake = { url: string; close(): Promise<void>; reset?(apiKey?: string): void; stats(apiKey: string): { delivered: unknown[]; requests: number } };

const FAKE_MODULE = 'test/fake-resend/server.ts';

function isStarter(f: unknown): f is (o: { port?: number }) => Promise<Fake> {
  return typeof f === 'function';
}

/** Starts the fake Resend on the bench's port, or null when this checkout has none. */
export async function startFake(): Promise<Fake | null> {
  if (!existsSync(FAKE_MODULE)) return null;
  // Imported by path so the bench still runs (and says what it skipped) without it.
  const mod: unknown = await import(pathToFileURL(resolve(FAKE_MODULE)).href);
  const start = mod && typeof mod === 'object' && 'startFakeResend' in mod ? mod.startFakeResend : undefined;
  if (!isStarter(start)) return null;
  return start({ port: PORTS.fakeResend });
}

/** Worker vars that send mail through the fake. */
export function fakeVars(fake: Fake): Record<string, string> {
  return { RESEND_API_KEY: FAKE_KEY, RESEND_BASE_URL: fake.url, MAIL_FROM: 'bench@example.org' };
}

export type DrainResult = { messages: number; seconds: number; messagesPerSecond: number; providerCalls: number; drainRuns: number } | Skipped;

/** Seeds due messages, runs the cron drain until all arrived at the fake (bounded in runs and time). */
export async function drainPhase(template: string, cfg: BenchConfig, fake: Fake | null, log: (s: string) => void): Promise<DrainResult> {
  if (!fake) return { skipped: `drainer not measured: the fake Resend (${FAKE_MODULE}, issue 3) is not in this checkout` };
  fake.reset?.(FAKE_KEY);
  {
    const dir = freshCopy(template);
    const file = sqliteFile(dir);
    seedOutbox(file, campaignId(file, SLUG), cfg.drainMessages);
    const app = await startApp({ persistDir: dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars: fakeVars(fake) });
    try {
      const delivered = () => fake.stats(FAKE_KEY).delivered.length;
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
      const result = { messages, seconds, messagesPerSecond: Math.round(messages / seconds), providerCalls: fake.stats(FAKE_KEY).requests, drainRuns: runs };
      log(`drain: ${JSON.stringify(result)}`);
      if (messages < cfg.drainMessages) throw new Error(`only ${messages} of ${cfg.drainMessages} messages arrived at the fake`);
      return result;
    } finally {
      await app.stop();
    }
  }
}
