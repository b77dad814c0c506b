import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

type LimiterName = 'SIGN_LIMITER' | 'LINK_LIMITER' | 'LOGIN_LIMITER';

/**
 * Per-IP limit through a Workers rate-limiting binding: cheap and approximate (counted
 * per Cloudflare location), right for bursts from one address. Requests without
 * `CF-Connecting-IP` (never the case behind Cloudflare) are not limited here.
 */
export function limitByIp(name: LimiterName) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const ip = c.req.header('cf-connecting-ip');
    if (ip) {
      const { success } = await c.env[name].limit({ key: ip });
      if (!success) {
        throw new AppError('rate_limited', 'error.rateLimited', [], 60);
      }
    }
    await next();
  });
}
