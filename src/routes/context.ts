import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { getCampaign } from '../db/campaigns';
import { drainOutbox } from '../email/drain';
import { type MailConfig, mailConfig } from '../email/index';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { keyedHash } from '../lib/crypto';
import { verifyTurnstile } from '../lib/turnstile';
import { assertOpen } from '../flows/signing';

/** The public origin for links in emails: PUBLIC_URL when set, else this request's origin. */
export function baseUrl(c: Context<AppEnv>): string {
  return (c.env.PUBLIC_URL || new URL(c.req.url).origin).replace(/\/$/, '');
}

/** The client's IP as a keyed hash (never the IP itself); null without a secret or an IP. */
export async function ipHash(c: Context<AppEnv>): Promise<string | null> {
  const ip = c.req.header('cf-connecting-ip');
  return ip && c.env.IP_HASH_SECRET ? keyedHash(c.env.IP_HASH_SECRET, ip) : null;
}

// One request-time drain per isolate at a time. Requests that arrive while it runs leave
// their job and the running drain goes round once more, instead of every request racing
// the others for the same rows (under a surge that doubled the D1 writes of signing).
let running = false;
let queued: { db: D1Database; config: MailConfig } | null = null;

async function drainWhileQueued(): Promise<void> {
  try {
    while (queued) {
      const job = queued;
      queued = null;
      await drainOutbox(job.db, job.config, { maxMessages: 100 });
    }
  } catch (err) {
    console.error('outbox: drain after request failed', err);
  } finally {
    running = false;
  }
}

/** Sends what the request just wrote to the outbox, after the response; the cron catches the rest. */
export function scheduleDrain(c: Context<AppEnv>): void {
  queued = { db: c.env.DB, config: mailConfig(c.env) };
  if (running) return;
  running = true;
  const run = drainWhileQueued();
  try {
    c.executionCtx.waitUntil(run);
  } catch {
    // No execution context (some test harnesses): the promise still runs to completion.
  }
}

/** Loads the campaign of `:slug` into `c.var.campaign`; unknown (404) or closed (409) stops here, before the body is read. */
export const openCampaign = createMiddleware<AppEnv>(async (c, next) => {
  const campaign = await getCampaign(c.env.DB, c.req.param('slug') ?? '');
  assertOpen(campaign);
  c.set('campaign', campaign);
  await next();
});

/** The Turnstile site key when the challenge is on (both key and secret set). */
export function turnstileSiteKey(env: AppEnv['Bindings']): string | undefined {
  return env.TURNSTILE_SITEKEY && env.TURNSTILE_SECRET ? env.TURNSTILE_SITEKEY : undefined;
}

/** With Turnstile on, refuses a request whose challenge token does not verify. */
export async function assertHuman(c: Context<AppEnv>, token: string): Promise<void> {
  const secret = c.env.TURNSTILE_SECRET;
  if (!turnstileSiteKey(c.env) || !secret) return;
  const result = await verifyTurnstile(secret, token, c.req.header('cf-connecting-ip'), c.env.TURNSTILE_VERIFY_URL || undefined);
  if (result.ok) return;
  if (result.reason === 'unavailable') {
    throw new AppError('unavailable', 'error.humanUnavailable', [], 60);
  }
  throw new AppError('validation_failed', 'error.check', [{ field: 'cf-turnstile-response', key: 'error.human' }]);
}
