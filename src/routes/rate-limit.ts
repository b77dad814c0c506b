import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { ipNetwork } from '../lib/ip-network';
import { turnstileSiteKey } from '../lib/turnstile';

type LimiterName = 'SIGN_LIMITER' | 'LINK_LIMITER' | 'LOGIN_LIMITER';

async function underLimit(c: Context<AppEnv>, name: LimiterName): Promise<boolean> {
  const ip = c.req.header('cf-connecting-ip');
  if (!ip) return true;
  // Keyed by network: an IPv6 client has a whole /64 to pick addresses from.
  return (await c.env[name].limit({ key: ipNetwork(ip) })).success;
}

const limited = () => new AppError('rate_limited', 'error.rateLimited', [], 60);

/**
 * Per-IP limit (per /64 for IPv6, see lib/ip-network.ts) through a Workers rate-limiting
 * binding: cheap and approximate (counted per Cloudflare location), right for bursts from
 * one address. Requests without
 * `CF-Connecting-IP` (never the case behind Cloudflare) are not limited here.
 */
export function limitByIp(name: LimiterName) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!(await underLimit(c, name))) throw limited();
    await next();
  });
}

/**
 * The per-network limit on signing, counted only for signatures that passed validation (a
 * rally on one Wi-Fi signs within it; a script's burst does not). With Turnstile on, every
 * signature already carries a human's challenge, so the limit does not stop anyone there.
 */
export async function assertNetworkMaySign(c: Context<AppEnv>): Promise<void> {
  if (turnstileSiteKey(c.env)) return;
  if (!(await underLimit(c, 'SIGN_LIMITER'))) throw limited();
}
