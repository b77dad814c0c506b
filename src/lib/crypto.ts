const encoder = new TextEncoder();

/** Bytes as lower-case hex. */
export function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A 256-bit random token, URL-safe: what goes into links. */
export function newToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * A receipt id for a message sent in a supporter's name: 128 random bits as 32 hex
 * digits (easy to copy by hand), unguessable, so only those it is given to can look it up.
 */
export function newReceiptId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)).buffer);
}

/** Whether a value has the shape of a receipt id, before any lookup. */
export function isReceiptShaped(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

/** SHA-256 of a token, hex: what is stored. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(token));
  return toHex(digest);
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA-256 key for a secret, imported once per isolate and secret. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    hmacKeys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA-256 of `value` under `secret`. */
export async function hmac(secret: string, value: string): Promise<ArrayBuffer> {
  return crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(value));
}

/** HMAC-SHA-256 with a secret, hex: for values that must not be reversible by guessing (IPs). */
export async function keyedHash(secret: string, value: string): Promise<string> {
  return toHex(await hmac(secret, value));
}

/** A token shape check before any lookup: 43 URL-safe base64 characters. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
