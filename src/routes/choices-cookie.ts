import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { keyedHash } from '../lib/crypto';
import { canonicalInbox } from '../lib/inbox';
import { secureCookies } from './admin-auth';
import { cookieKey } from './signed-address';

/**
 * The boxes a browser ticked when it signed (or said it will come to a picket), so that the
 * page behind the link can start with them ticked when it is opened in that same browser;
 * anywhere else they start off, so a stranger who signed first with someone's address never
 * ticks a box for them. One HttpOnly cookie per kind, for the link pages' paths only, signed
 * like the "check your inbox" cookie, valid as long as the link. It holds no address: only
 * a keyed hash of what it is for (the campaign or picket and the canonical inbox) and the
 * names of the ticked boxes. The last signing of a browser wins.
 */
const KINDS = {
  signature: { name: 'solidarity-choices', path: '/s/' },
  rsvp: { name: 'solidarity-rsvp-choices', path: '/p/' },
} as const;

export type ChoicesKind = keyof typeof KINDS;

const TTL_S = 7 * 24 * 3600;
const PURPOSE = 'cookie:choices:v1';

async function binding(secret: string, kind: ChoicesKind, of: string): Promise<string> {
  return (await keyedHash(await cookieKey(secret, PURPOSE), `${kind}|${of}`)).slice(0, 32);
}

/** Remembers on this browser which boxes it ticked for `of` (e.g. `<slug>|<inbox>`); without IP_HASH_SECRET, nothing. */
export async function rememberChoices(c: Context<AppEnv>, kind: ChoicesKind, of: string, ticked: readonly string[]): Promise<void> {
  const secret = c.env.IP_HASH_SECRET;
  if (!secret) return;
  const { name, path } = KINDS[kind];
  const value = `${Date.now() + TTL_S * 1000}|${await binding(secret, kind, of)}|${ticked.join(',')}`;
  await setSignedCookie(c, name, value, await cookieKey(secret, PURPOSE), { path, httpOnly: true, secure: secureCookies(c), sameSite: 'Lax', maxAge: TTL_S });
}

/** The boxes this browser ticked for `of`; empty when it did not sign it, or the cookie expired or is forged. */
export async function rememberedChoices(c: Context<AppEnv>, kind: ChoicesKind, of: string): Promise<Set<string>> {
  const secret = c.env.IP_HASH_SECRET;
  if (!secret) return new Set();
  const value = await getSignedCookie(c, await cookieKey(secret, PURPOSE), KINDS[kind].name);
  if (typeof value !== 'string') return new Set();
  const [expires = '', bound = '', ticked = ''] = value.split('|');
  if (!(Number(expires) > Date.now()) || bound !== (await binding(secret, kind, of))) return new Set();
  return new Set(ticked.split(',').filter(Boolean));
}

/** What a signature's choices are bound to: its campaign and its canonical inbox. */
export const signatureOf = (slug: string, email: string | null) => `${slug}|${canonicalInbox(email ?? '')}`;

/** What an RSVP's choices are bound to: its picket (row id) and its canonical inbox. */
export const attendeeOf = (picketId: number, email: string | null) => `${picketId}|${canonicalInbox(email ?? '')}`;
