import type { Campaign } from './db/campaigns';

/**
 * Bindings: the generated `Env` (wrangler types) plus the secrets, which live in
 * `.dev.vars` locally and `wrangler secret put` in production.
 */
export type Bindings = Env & {
  /** Set to send through Resend; unset means the dev mailbox (never in production). */
  RESEND_API_KEY?: string;
  /** Resend API base URL; tests and the benchmark point it at a local fake. */
  RESEND_BASE_URL?: string;
  /** Key for hashing IP addresses; without it no IP is stored at all. */
  IP_HASH_SECRET?: string;
};

/** `campaign` is set by the `openCampaign` middleware on routes that sign. */
export type AppEnv = { Bindings: Bindings; Variables: { campaign: Campaign } };

/** True for any non-production deployment (local work, tests), whatever the mailer. */
export function isLocal(env: Bindings): boolean {
  return env.ENVIRONMENT !== 'production';
}

/** True only for local development: enables the dev mailbox and dev routes. */
export function isDev(env: Bindings): boolean {
  return env.ENVIRONMENT !== 'production' && !env.RESEND_API_KEY;
}
