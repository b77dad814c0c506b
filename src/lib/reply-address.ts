import { keyedHash } from './crypto';

/** Hex digits of the HMAC in a reply address: 80 bits, unguessable, short enough for any MTA. */
const MAC_HEX = 20;
const SHAPE = /^reply\+([1-9][0-9]{0,11})-([0-9a-f]{20})@[^\s@]+$/;
const encoder = new TextEncoder();

function macOf(secret: string, targetId: number): Promise<string> {
  return keyedHash(`reply-address:${secret}`, String(targetId)).then((hex) => hex.slice(0, MAC_HEX));
}

/**
 * The campaign's reply address for one target: `reply+<target row id>-<mac>@<domain>`. The
 * MAC (keyed with the link secret) makes it unguessable, and nothing needs storing: every
 * forward to a target carries the same address. Lower-case hex only, since some mail
 * servers lower-case the local part.
 */
export async function replyAddress(secret: string, domain: string, targetId: number): Promise<string> {
  return `reply+${targetId}-${await macOf(secret, targetId)}@${domain}`;
}

/**
 * The target an address names when it is one of our reply addresses and its MAC is right
 * (compared in constant time); null otherwise, before any database read.
 */
export async function replyTargetOf(secret: string, address: string): Promise<number | null> {
  const m = SHAPE.exec(address.trim().toLowerCase());
  if (!m?.[1] || !m[2]) return null;
  const id = Number(m[1]);
  const expected = encoder.encode(await macOf(secret, id));
  const given = encoder.encode(m[2]);
  return expected.length === given.length && crypto.subtle.timingSafeEqual(expected, given) ? id : null;
}

/** The domain reply addresses live on: REPLY_DOMAIN, else the sender address's domain. */
export function replyDomainOf(replyDomain: string | undefined, fromAddress: string): string {
  return (replyDomain || fromAddress.split('@')[1] || '').toLowerCase();
}
