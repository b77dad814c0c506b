const encoder = new TextEncoder();
const ID_BYTES = 6;
const MAC_BYTES = 26;
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC key for unsubscribe tokens: the link secret under another purpose, so an
 * unsubscribe token is never a signature's link (which can withdraw) and the reverse.
 */
function unsubscribeKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(`unsubscribe-token:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function macOf(secret: string, id: number, nonce: string): Promise<Uint8Array> {
  const mac = await crypto.subtle.sign('HMAC', await unsubscribeKey(secret), encoder.encode(`${id}:${nonce}`));
  return new Uint8Array(mac, 0, MAC_BYTES);
}

/**
 * A supporter's unsubscribe token: the signature's id and HMAC(secret, id and the row's
 * random nonce), 43 URL-safe characters. Derived, never stored, as link tokens are
 * (lib/link-token.ts), so every update to a supporter carries the same working token.
 */
export async function unsubscribeToken(secret: string, id: number, nonce: string): Promise<string> {
  const bytes = new Uint8Array(ID_BYTES + MAC_BYTES);
  let n = id;
  for (let i = ID_BYTES - 1; i >= 0; i--) {
    bytes[i] = n % 256;
    n = Math.floor(n / 256);
  }
  bytes.set(await macOf(secret, id, nonce), ID_BYTES);
  return base64url(bytes);
}

/** The signature id a token names, before any check; null when it is not shaped like one of ours. */
export function unsubscribeTokenId(token: string): number | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const bin = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
  let id = 0;
  for (let i = 0; i < ID_BYTES; i++) id = id * 256 + bin.charCodeAt(i);
  return id === 0 ? null : id;
}

/** Whether `token` is the unsubscribe token of signature `id` with `nonce`, compared in constant time. */
export async function isUnsubscribeToken(secret: string, token: string, id: number, nonce: string): Promise<boolean> {
  const expected = encoder.encode(await unsubscribeToken(secret, id, nonce));
  const given = encoder.encode(token);
  return expected.length === given.length && crypto.subtle.timingSafeEqual(expected, given);
}
