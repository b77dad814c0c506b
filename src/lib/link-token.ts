import { hmac, toHex } from './crypto';

const ID_BYTES = 6;
const MAC_BYTES = 26;

/** URL-safe base64 without padding. */
export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * A token of the shape every link of ours has: a row id (6 bytes) and the first 26 bytes
 * of an HMAC, 43 URL-safe characters. `purpose` keys the HMAC, so a token made for one
 * purpose (a signature's link, an unsubscribe) is never valid for another.
 */
export async function idToken(purpose: string, secret: string, id: number, message: string): Promise<string> {
  const bytes = new Uint8Array(ID_BYTES + MAC_BYTES);
  let n = id;
  for (let i = ID_BYTES - 1; i >= 0; i--) {
    bytes[i] = n % 256;
    n = Math.floor(n / 256);
  }
  bytes.set(await macOf(purpose, secret, message), ID_BYTES);
  return base64url(bytes);
}

/** The row id and MAC part of a token shaped like ours, before any check; null otherwise. */
export function splitIdToken(token: string): { id: number; mac: Uint8Array } | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const bytes = fromBase64url(token);
  let id = 0;
  for (let i = 0; i < ID_BYTES; i++) id = id * 256 + (bytes[i] ?? 0);
  return id === 0 ? null : { id, mac: bytes.slice(ID_BYTES) };
}

async function macOf(purpose: string, secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await hmac(`${purpose}:${secret}`, message), 0, MAC_BYTES);
}

/** A fresh random nonce for a signature's link (stored; useless without the secret). */
export function newNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

async function hashOf(mac: Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', mac));
}

/** What a signature row stores to check its link: SHA-256 of the link's secret part. */
export async function linkHash(secret: string, nonce: string): Promise<string> {
  return hashOf(await macOf('link-token', secret, nonce));
}

/**
 * The link token of a signature: its row id and HMAC(secret, nonce), 43 URL-safe
 * characters. Derived, never stored, so every mail of a signature carries the same link.
 */
export function linkToken(secret: string, id: number, nonce: string): Promise<string> {
  return idToken('link-token', secret, id, nonce);
}

/** A token's row id and the hash to compare with the row's; null when it is not one of ours. */
export async function readLinkToken(token: string): Promise<{ id: number; hash: string } | null> {
  const parts = splitIdToken(token);
  return parts && { id: parts.id, hash: await hashOf(parts.mac) };
}
