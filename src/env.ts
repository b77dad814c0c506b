import type { Campaign, Target } from './db/campaigns';
import type { I18n } from './i18n/lang';
import type { Principal } from './lib/principal';

/**
 * Bindings: the generated `Env` (wrangler types) plus the secrets, which live in
 * `.dev.vars` locally and `wrangler secret put` in production.
 */
export type Bindings = Env & {
  /** Set to send through Resend; unset means the dev mailbox (never in production). */
  RESEND_API_KEY?: string;
  /** Resend API base URL; tests and the benchmark point it at a local fake. */
  RESEND_BASE_URL?: string;
  /** Signing secret of Resend's webhook (`whsec_…`); unset, /api/webhooks/resend answers 503. */
  RESEND_WEBHOOK_SECRET?: string;
  /** Key link tokens are derived with (falls back to IP_HASH_SECRET); see email/index.ts. */
  LINK_SECRET?: string;
  /** Domain of the campaign's reply addresses (Email Routing sends it to this Worker); default: MAIL_FROM's domain. */
  REPLY_DOMAIN?: string;
  /** Key for hashing IP addresses; without it no IP is stored at all. */
  IP_HASH_SECRET?: string;
  /**
   * The operator's command-line token (`npm run campaign -- bootstrap` makes one): an admin
   * of every campaign over the JSON API, so the first campaign needs no SQL. Unset: none.
   */
  ADMIN_TOKEN?: string;
  /** Cloudflare Turnstile: both set turns the challenge on for signing. */
  TURNSTILE_SITEKEY?: string;
  TURNSTILE_SECRET?: string;
  /** Siteverify URL override, for a local fake in tests. */
  TURNSTILE_VERIFY_URL?: string;
};

/**
 * `campaign` is set by the `openCampaign` middleware on routes that sign (and by
 * `campaignAccess` on admin routes); `principal` by the admin auth middlewares; for every
 * request, `requestId` (logs and error answers name it) by `requestId` and `i18n` (the
 * request's language) by `chooseLanguage`.
 */
export type AppEnv = {
  Bindings: Bindings;
  Variables: { campaign: Campaign; targets: Target[]; principal: Principal; i18n: I18n; requestId: string };
};

/**
 * True only for local development, said explicitly (`npm start` passes it): enables the
 * dev mailbox, which shows every email. Any other value, or none, is treated as production.
 */
export function isDev(env: Bindings): boolean {
  return env.ENVIRONMENT === 'development' && !env.RESEND_API_KEY;
}
