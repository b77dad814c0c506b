import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { keyedHash } from '../lib/crypto';
import { secureCookies } from './admin-auth';

/**
 * The "check your inbox" page names the address the mail went to. The address never goes in
 * a URL (logs, referrers): signing leaves it in a short-lived HttpOnly cookie for that one
 * campaign's paths, signed (HMAC-SHA-256) with a key derived from IP_HASH_SECRET. Without
 * that secret nothing is stored and the page just does not name the address.
 */
const COOKIE = 'solidarity-signed';
const TTL_S = 15 * 60;

const keys = new Map<string, Promise<string>>();

/** A key for one cookie (`purpose`) alone, derived from the secret (never the secret itself). */
export function cookieKey(secret: string, purpose = 'cookie:signed-address:v1'): Promise<string> {
  let key = keys.get(`${purpose}|${secret}`);
  if (!key) {
    key = keyedHash(secret, purpose);
    keys.set(`${purpose}|${secret}`, key);
  }
  return key;
}

/** Remembers, on this browser for 15 minutes, that `email` just signed campaign `slug`. */
export async function rememberSignedAddress(c: Context<AppEnv>, slug: string, email: string): Promise<void> {
  const secret = c.env.IP_HASH_SECRET;
  if (!secret) return;
  const value = `${Date.now() + TTL_S * 1000}|${slug}|${email}`;
  await setSignedCookie(c, COOKIE, value, await cookieKey(secret), {
    path: `/c/${slug}`,
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Lax',
    maxAge: TTL_S,
  });
}

/** The address this browser just signed `slug` with; null when unknown, expired, for another campaign or forged. */
export async function signedAddress(c: Context<AppEnv>, slug: string): Promise<string | null> {
  const secret = c.env.IP_HASH_SECRET;
  if (!secret) return null;
  const value = await getSignedCookie(c, await cookieKey(secret), COOKIE);
  if (typeof value !== 'string') return null;
  const [expires = '', forSlug = '', ...rest] = value.split('|');
  const email = rest.join('|');
  if (forSlug !== slug || !(Number(expires) > Date.now()) || email === '') return null;
  return email;
}
