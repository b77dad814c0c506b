import { toHex } from './crypto';

const encoder = new TextEncoder();
const ID_BYTES = 6;
const MAC_BYTES = 26;
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for link tokens, imported once per isolate and secret. */
function linkKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(`link-token:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** A fresh random nonce for a signature's link (stored; useless without the secret). */
export function newNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

async function macOf(secret: string, nonce: string): Promise<Uint8Array> {
  const mac = await crypto.subtle.sign('HMAC', await linkKey(secret), encoder.encode(nonce));
  return new Uint8Array(mac, 0, MAC_BYTES);
}

async function hashOf(mac: Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', mac));
}

/** What a signature row stores to check its link: SHA-256 of the link's secret part. */
export async function linkHash(secret: string, nonce: string): Promise<string> {
  return hashOf(await macOf(secret, nonce));
}

/**
 * The link token of a signature: its row id and HMAC(secret, nonce), 43 URL-safe
 * characters. Derived, never stored, so every mail of a signature carries the same link.
 */
export async function linkToken(secret: string, id: number, nonce: string): Promise<string> {
  const bytes = new Uint8Array(ID_BYTES + MAC_BYTES);
  let n = id;
  for (let i = ID_BYTES - 1; i >= 0; i--) {
    bytes[i] = n % 256;
    n = Math.floor(n / 256);
  }
  bytes.set(await macOf(secret, nonce), ID_BYTES);
  return base64url(bytes);
}

/** A token's row id and the hash to compare with the row's; null when it is not one of ours. */
export async function readLinkToken(token: string): Promise<{ id: number; hash: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const bytes = fromBase64url(token);
  let id = 0;
  for (let i = 0; i < ID_BYTES; i++) id = id * 256 + (bytes[i] ?? 0);
  if (id === 0) return null;
  return { id, hash: await hashOf(bytes.slice(ID_BYTES)) };
}
