import { keyedHash } from './crypto';

/**
 * What a "this wasn't me" suppression stores for an inbox: HMAC-SHA-256 of its canonical
 * form (lib/inbox.ts) under a key derived from the link secret, hex. The address itself is
 * never kept, and without the secret the hash cannot be matched against a list of
 * addresses. The key is imported once per isolate (keyedHash caches it by secret).
 */
export function suppressionHash(linkSecret: string, inbox: string): Promise<string> {
  return keyedHash(`inbox-suppression:${linkSecret}`, inbox);
}
