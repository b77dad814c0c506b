import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { cachedCampaign } from '../db/campaign-cache';
import type { Campaign } from '../db/campaigns';
import { drainOutbox } from '../email/drain';
import { Budget, messagesPerInvocation, planProfile } from '../lib/budget';
import { linkSecret, mailConfig } from '../email/index';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { localizeCampaign } from '../db/localize';
import { keyedHash } from '../lib/crypto';
import { ipNetwork } from '../lib/ip-network';
import { publicOrigin } from '../lib/origin';
import { turnstileSiteKey, verifyTurnstile } from '../lib/turnstile';
import { assertOpen } from '../flows/signing';

/** The public origin for links in emails: PUBLIC_URL when set, else this request's origin. */
export function baseUrl(c: Context<AppEnv>): string {
  return publicOrigin(c.env.PUBLIC_URL, c.req.url);
}

/**
 * The client's network (its IP, or its /64 for IPv6) as a keyed hash, never the IP itself;
 * null without a secret or an IP. The spam filter's "network" is a prefix of it.
 */
export async function ipHash(c: Context<AppEnv>): Promise<string | null> {
  const ip = c.req.header('cf-connecting-ip');
  return ip && c.env.IP_HASH_SECRET ? keyedHash(c.env.IP_HASH_SECRET, ipNetwork(ip)) : null;
}

/** This isolate's request-time drains under way (one per mail configuration), and whether mail was written since each began. */
const drains = new Map<string, { run: Promise<void>; again: boolean }>();

/**
 * Subrequests a request that writes mail may spend itself before its drain (signing: the
 * campaign from the isolate's cache or 2 reads, the rate limiter, one batch of at most 8
 * statements, Turnstile's fetch, the Cache API), counted high: the drain after it gets the
 * rest of the invocation's budget (test/mail-budget.test.ts counts both).
 */
export const REQUEST_RESERVE = 20;

/** How long a drain that goes round again waits for more mail first. */
const DRAIN_GATHER_MS = 250;

/**
 * Sends what the request just wrote to the outbox, after the response; the cron catches
 * the rest. One drain at a time per isolate: a request that writes mail while one runs
 * only asks it to go round once more, so a surge of signings coalesces into a steady
 * drain instead of one claim query per request, and a lone signature is mailed at once.
 * The drain spends what is left of the first request's subrequests, no more (the cron
 * carries the rest).
 */
export function scheduleDrain(c: Context<AppEnv>): void {
  const origin = new URL(c.req.url).origin;
  const key = [c.env.RESEND_API_KEY, c.env.RESEND_BASE_URL, c.env.MAIL_FROM, c.env.PUBLIC_URL, origin].join('|');
  const running = drains.get(key);
  if (running) {
    running.again = true;
    waitUntil(c, running.run);
    return;
  }
  const config = mailConfig(c.env, origin);
  const state = { run: Promise.resolve(), again: false };
  // Every round of this drain belongs to this request's invocation: one budget for them all.
  const profile = planProfile(c.env.WORKERS_PLAN);
  const budget = new Budget(profile.maxSubrequests - REQUEST_RESERVE);
  let left = Math.min(100, messagesPerInvocation(profile));
  state.run = (async () => {
    for (;;) {
      state.again = false;
      const report = await drainOutbox(c.env.DB, config, { maxMessages: left, budget });
      left -= report.claimed;
      if (report.outOfBudget || left <= 0) break;
      if (!state.again) break;
      // Mail kept coming: gather a little more, so one claim and one provider request
      // carry many messages instead of a few.
      await new Promise((resolve) => setTimeout(resolve, DRAIN_GATHER_MS));
    }
  })()
    .catch((err: unknown) => console.error('outbox: drain after request failed', { requestId: c.var.requestId }, err))
    .finally(() => drains.delete(key));
  drains.set(key, state);
  waitUntil(c, state.run);
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
 * The campaign of this address in the request's language (field by field, see
 * localizeCampaign), from this isolate's copy (a few seconds old at most); 404 when none.
 */
export async function loadCampaign(c: Context<AppEnv>, slug: string): Promise<Campaign> {
  const cached = await cachedCampaign(c.env.DB, slug);
  // A draft is its organisers' alone: to everyone else there is no such campaign.
  if (!cached || cached.campaign.status === 'draft') throw new AppError('not_found', 'error.noCampaign');
  return localizeCampaign(cached.campaign, c.var.i18n.locale);
}

/**
 * Loads the campaign of `:slug` (this isolate's copy, a few seconds old at most) into
 * `c.var.campaign` and its targets into `c.var.targets`; unknown (404) or closed (409)
 * stops here, before the body is read.
 */
export const openCampaign = createMiddleware<AppEnv>(async (c, next) => {
  const cached = await cachedCampaign(c.env.DB, c.req.param('slug') ?? '');
  const campaign = cached?.campaign.status === 'draft' ? null : (cached?.campaign ?? null);
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
