import { env, SELF } from 'cloudflare:test';
import { createTokenStatements } from '../src/db/api-tokens';
import { runBatch } from '../src/db/statements';
import { drainOutbox } from '../src/email/drain';
import { mailConfig } from '../src/email/index';
import { hashToken, newToken } from '../src/lib/crypto';
import type { TokenScope } from '../src/lib/principal';
import { ORIGIN } from './helpers';

/** Asks for a sign-in link as the /admin form does. */
export function requestLink(email: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email }).toString(),
  });
}

/**
 * Sends what is in the outbox into the dev mailbox, and returns the newest sign-in link
 * mailed to `email`. The request's own drain (waitUntil) may hold the row under its lease
 * for a moment, so this waits while mail to the address is still pending.
 */
export async function mailedLink(email: string): Promise<string | null> {
  for (let i = 0; i < 200; i++) {
    await drainOutbox(env.DB, mailConfig(env), { maxMessages: 100 });
    const row = await env.DB.prepare(`SELECT text_body FROM dev_mailbox WHERE to_addrs = json_array(?1) ORDER BY id DESC LIMIT 1`)
      .bind(email)
      .first<{ text_body: string }>();
    const link = row?.text_body.match(/\/admin\/login\/([A-Za-z0-9_-]{43})/)?.[1];
    if (link) return link;
    const pending = await env.DB.prepare(`SELECT 1 AS p FROM outbox WHERE to_addrs = json_array(?1) AND status = 'pending'`).bind(email).first();
    if (!pending) return null;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

/** Presses the button on the sign-in link's page. */
export function useLink(token: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/admin/login/${token}`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
}

/** The `name=value` of a Set-Cookie header, to send back as Cookie. */
export function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0] ?? '';
}

/** Signs in through the whole magic-link flow; returns the session cookie. */
export async function signIn(email: string): Promise<string> {
  await requestLink(email);
  const token = await mailedLink(email);
  if (!token) throw new Error(`no sign-in link mailed to ${email}`);
  const res = await useLink(token);
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return cookieOf(res);
}

/** GET with a cookie or headers, no redirects followed. */
export function adminGet(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { headers, redirect: 'manual' });
}

/** POSTs a same-origin form with the session cookie. */
export function adminPost(path: string, cookie: string, fields: Record<string, string>, origin = ORIGIN): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** The CSRF token in a dashboard page. */
export async function csrfOf(cookie: string, path = '/admin'): Promise<string> {
  const html = await (await adminGet(path, { cookie })).text();
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no CSRF token on ${path}`);
  return token;
}

/** A new API token for a campaign, as the CLI makes one (made to edit unless told). */
export async function makeToken(slug: string, label = 'test', scope: TokenScope = 'edit'): Promise<string> {
  const token = newToken();
  await runBatch(env.DB, createTokenStatements(slug, await hashToken(token), label, scope, Date.now()));
  return token;
}

/** An admin's session and its CSRF token, for a test file's dashboard forms. */
export async function adminSession(email = 'admin@example.org'): Promise<{ cookie: string; csrf: string }> {
  const cookie = await signIn(email);
  return { cookie, csrf: await csrfOf(cookie) };
}
