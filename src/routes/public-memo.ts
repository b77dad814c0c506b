/**
 * This isolate's own copies of public answers (see public-cache.ts). Each is kept as long as
 * the Cache API would keep it: fresh for a few seconds from when it was built, plus the
 * route's `staleMs`. So a poll that thousands of pages repeat costs a map lookup, and where
 * the Cache API stores nothing (`*.workers.dev`) each isolate still builds each answer at most
 * once every few seconds. Where the Cache API works, a copy is trusted without asking it for
 * only a second, so another isolate's newer copy or a purge in this location shows at once.
 */

import { PUBLIC_FRESH_MS } from '../lib/cache-times';

/** A cached answer: its body, type, content tag and when it was built. */
export type Copy = { body: string; contentType: string; etag: string; builtAt: number };

/** How long a built copy is fresh, here and in the Cache API (src/lib/cache-times.ts). */
export const FRESH_MS = PUBLIC_FRESH_MS;

/** How long a copy is trusted without asking the Cache API for a newer one, where it works. */
const RECHECK_MS = 1_000;

type Kept = Copy & { until: number; recheck: number };
const memo = new Map<string, Kept>();

/** Keeps `copy` under `key` for as long as it may be served (`staleMs` past fresh). */
export function remember(key: string, copy: Copy, staleMs = 0): void {
  if (memo.size >= 1000 && !memo.has(key)) memo.delete(memo.keys().next().value ?? '');
  memo.set(key, { ...copy, until: copy.builtAt + FRESH_MS + staleMs, recheck: Date.now() + RECHECK_MS });
}

/** The kept copy while it may still be served, else null. */
export function kept(key: string, now = Date.now()): Copy | null {
  const k = memo.get(key);
  return k && k.until > now ? k : null;
}

/** True when the kept copy should be trusted without asking the Cache API (`cacheWorks`). */
export function trusted(key: string, cacheWorks: boolean, now = Date.now()): boolean {
  const k = memo.get(key);
  return !!k && k.until > now && (!cacheWorks || k.recheck > now);
}

/** Marks a kept copy as checked against the Cache API just now (it had nothing newer). */
export function rechecked(key: string): void {
  const k = memo.get(key);
  if (k) k.recheck = Date.now() + RECHECK_MS;
}

/** Drops this isolate's copies (a purge). */
export function forget(keys: string[]): void {
  for (const k of keys) memo.delete(k);
}
