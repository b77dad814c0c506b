import { idToken, splitIdToken } from './link-token';

const encoder = new TextEncoder();

/**
 * A supporter's unsubscribe token: the signature's id and HMAC(secret, id and the row's
 * random nonce), 43 URL-safe characters, under its own purpose, so an unsubscribe token is
 * never a signature's link (which can withdraw) and the reverse. Derived, never stored, as
 * link tokens are (lib/link-token.ts), so every update to a supporter carries the same one.
 */
export function unsubscribeToken(secret: string, id: number, nonce: string): Promise<string> {
  return idToken('unsubscribe-token', secret, id, `${id}:${nonce}`);
}

/** The signature id a token names, before any check; null when it is not shaped like one of ours. */
export function unsubscribeTokenId(token: string): number | null {
  return splitIdToken(token)?.id ?? null;
}

/** Whether `token` is the unsubscribe token of signature `id` with `nonce`, compared in constant time. */
export async function isUnsubscribeToken(secret: string, token: string, id: number, nonce: string): Promise<boolean> {
  const expected = encoder.encode(await unsubscribeToken(secret, id, nonce));
  const given = encoder.encode(token);
  return expected.length === given.length && crypto.subtle.timingSafeEqual(expected, given);
}
