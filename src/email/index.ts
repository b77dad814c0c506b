import { type Bindings, isDev } from '../env';
import { devMailbox } from './dev-mailbox';
import type { Mailer } from './mailer';
import { resendMailer } from './resend';

/** The configured mailer and sender address, or why mail cannot go out. */
export type MailConfig = { ok: true; mailer: Mailer; fromAddress: string } | { ok: false; error: string };

const ADDRESS = /^[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+$/;

/** Whether `address` is a bare email address a provider will take (no display name, no list). */
export function isMailAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/** Resend when a key is set; the dev mailbox locally; a loud configuration error otherwise. */
export function mailConfig(env: Bindings): MailConfig {
  if (env.RESEND_API_KEY) {
    if (!env.MAIL_FROM) return { ok: false, error: 'RESEND_API_KEY is set but MAIL_FROM is empty: set MAIL_FROM to an address on a domain verified at Resend' };
    if (!isMailAddress(env.MAIL_FROM)) return { ok: false, error: `MAIL_FROM "${env.MAIL_FROM}" is not a plain email address (name@your-verified-domain)` };
    if (env.RESEND_BASE_URL && !URL.canParse(env.RESEND_BASE_URL)) return { ok: false, error: `RESEND_BASE_URL "${env.RESEND_BASE_URL}" is not a URL` };
    return { ok: true, mailer: resendMailer(env.RESEND_API_KEY, { baseUrl: env.RESEND_BASE_URL || undefined }), fromAddress: env.MAIL_FROM };
  }
  if (isDev(env)) return { ok: true, mailer: devMailbox(env.DB), fromAddress: env.MAIL_FROM || 'solidarity@localhost' };
  return { ok: false, error: 'No mailer configured: set RESEND_API_KEY and MAIL_FROM (wrangler secret put RESEND_API_KEY)' };
}

/** The mail configuration as shown on status pages: which mailer, or the error. */
export function mailStatus(env: Bindings): { mailer: string | null; error: string | null } {
  const config = mailConfig(env);
  return config.ok ? { mailer: config.mailer.name, error: null } : { mailer: null, error: config.error };
}
