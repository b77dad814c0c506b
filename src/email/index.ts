import { type Bindings, isDev } from '../env';
import { devMailbox } from './dev-mailbox';
import type { Mailer } from './mailer';
import { replyDomainOf } from '../lib/reply-address';
import { resendMailer } from './resend';

/**
 * Where links in emails point, the secret their tokens are derived with, and the domain of
 * the campaign's reply addresses (forwards to a target carry one: issue 28).
 */
export type LinkConfig = { baseUrl: string; secret: string; replyDomain: string };

/** The configured mailer, sender address and links, or why mail cannot go out. */
export type MailConfig = { ok: true; mailer: Mailer; fromAddress: string; links: LinkConfig } | { ok: false; error: string };

const ADDRESS = /^[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+$/;

/** Where local development serves when a drain has no request to ask (the cron). */
const DEV_ORIGIN = 'http://localhost:8787';

/** Whether `address` is a bare email address a provider will take (no display name, no list). */
export function isMailAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/**
 * The secret link tokens are derived with: LINK_SECRET, else IP_HASH_SECRET; in local
 * development a fixed one. Null means signing links cannot be made (a loud config error).
 */
export function linkSecret(env: Bindings): string | null {
  return env.LINK_SECRET || env.IP_HASH_SECRET || (isDev(env) ? 'development-only-link-secret' : null);
}

function links(env: Bindings, origin: string | undefined, fromAddress: string): LinkConfig | string {
  const secret = linkSecret(env);
  const replyDomain = replyDomainOf(env.REPLY_DOMAIN, fromAddress);
  if (!secret) return 'LINK_SECRET is not set: links in emails cannot be made (wrangler secret put LINK_SECRET)';
  if (env.PUBLIC_URL) {
    if (!URL.canParse(env.PUBLIC_URL)) return `PUBLIC_URL "${env.PUBLIC_URL}" is not a URL`;
    return { baseUrl: env.PUBLIC_URL.replace(/\/$/, ''), secret, replyDomain };
  }
  // Only the dev mailbox may point links at the host a request named; real mail never does.
  if (isDev(env)) return { baseUrl: origin ?? DEV_ORIGIN, secret, replyDomain };
  return 'PUBLIC_URL is not set: links in emails are built from it only (never from a request\'s Host)';
}

/**
 * Resend when a key is set; the dev mailbox locally; a loud configuration error otherwise.
 * `origin` is the request's, used for links by the dev mailbox only.
 */
export function mailConfig(env: Bindings, origin?: string): MailConfig {
  if (env.RESEND_API_KEY) {
    if (!env.MAIL_FROM) return { ok: false, error: 'RESEND_API_KEY is set but MAIL_FROM is empty: set MAIL_FROM to an address on a domain verified at Resend' };
    if (!isMailAddress(env.MAIL_FROM)) return { ok: false, error: `MAIL_FROM "${env.MAIL_FROM}" is not a plain email address (name@your-verified-domain)` };
    if (env.RESEND_BASE_URL && !URL.canParse(env.RESEND_BASE_URL)) return { ok: false, error: `RESEND_BASE_URL "${env.RESEND_BASE_URL}" is not a URL` };
    const l = links(env, origin, env.MAIL_FROM);
    if (typeof l === 'string') return { ok: false, error: l };
    return { ok: true, mailer: resendMailer(env.RESEND_API_KEY, { baseUrl: env.RESEND_BASE_URL || undefined }), fromAddress: env.MAIL_FROM, links: l };
  }
  if (isDev(env)) {
    const fromAddress = env.MAIL_FROM || 'solidarity@localhost';
    const l = links(env, origin, fromAddress);
    if (typeof l === 'string') return { ok: false, error: l };
    return { ok: true, mailer: devMailbox(env.DB), fromAddress, links: l };
  }
  return { ok: false, error: 'No mailer configured: set RESEND_API_KEY and MAIL_FROM (wrangler secret put RESEND_API_KEY)' };
}

/** The mail configuration as shown on status pages: which mailer, or the error. */
export function mailStatus(env: Bindings): { mailer: string | null; error: string | null } {
  const config = mailConfig(env);
  return config.ok ? { mailer: config.mailer.name, error: null } : { mailer: null, error: config.error };
}
