import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { cachedCampaign } from '../db/campaign-cache';
import { drainOutbox } from '../email/drain';
import { linkSecret, mailConfig } from '../email/index';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { keyedHash } from '../lib/crypto';
import { turnstileSiteKey, verifyTurnstile } from '../lib/turnstile';
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

/** Sends what the request just wrote to the outbox, after the response; the cron catches the rest. */
export function scheduleDrain(c: Context<AppEnv>): void {
  const run = drainOutbox(c.env.DB, mailConfig(c.env, new URL(c.req.url).origin), { maxMessages: 100 }).catch((err: unknown) => {
    console.error('outbox: drain after request failed', { requestId: c.var.requestId }, err);
  });
  waitUntil(c, run);
}

/** Keeps the request alive for `promise` after the response. */
export function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (some test harnesses): the promise still settles on its own.
  }
}

/**
 * Loads the campaign of `:slug` (this isolate's copy, a few seconds old at most) into
 * `c.var.campaign` and its targets into `c.var.targets`; unknown (404) or closed (409)
 * stops here, before the body is read.
 */
export const openCampaign = createMiddleware<AppEnv>(async (c, next) => {
  const cached = await cachedCampaign(c.env.DB, c.req.param('slug') ?? '');
  const campaign = cached?.campaign ?? null;
  assertOpen(campaign);
  c.set('campaign', campaign);
  c.set('targets', cached?.targets ?? []);
  await next();
});

/** The secret link tokens are made with; without one, signing cannot work (503, said loudly). */
export function requireLinkSecret(c: Context<AppEnv>): string {
  const secret = linkSecret(c.env);
  if (secret) return secret;
  console.error('config: LINK_SECRET is not set; signing is off until it is (wrangler secret put LINK_SECRET)');
  throw new AppError('unavailable', 'error.internal', [], 60);
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
