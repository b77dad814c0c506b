import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from './limits/worker';
import { ORIGIN } from './helpers';
import { appRoutes } from './route-table';
import { campaignWithPickets, picketFile } from './picket-helpers';

/**
 * Issue 24.6: one spelling per URL. Every route of the app (its own route table), spelled
 * with random bytes percent-encoded (in `/c/`, `/api/`, the slug or what follows), is sent
 * on to its one spelling (GET, 301) or refused (404) without a single D1 query.
 */
const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const debugEnv = { ...env, DEBUG_METRICS: '1' };
const PICKET = 'spelling-picket';
let slug = '';

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The path with some of its bytes (never the leading `/`) percent-encoded, hex digits in either case; at least one. */
function respell(path: string, next: () => number): string {
  const chars = [...path];
  const pick = 1 + Math.floor(next() * (chars.length - 1));
  return chars
    .map((ch, i) => {
      if (i === 0 || (i !== pick && next() > 0.3)) return ch;
      const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
      return `%${next() > 0.5 ? hex.toUpperCase() : hex}`;
    })
    .join('');
}

function fill(path: string): string {
  return path
    .replace(':slug', slug)
    .replace(':token', 'A'.repeat(43))
    .replace(':id', path.includes('/receipts/') ? '0123456789abcdef'.repeat(2) : path.includes('/tokens/') ? '1' : PICKET);
}

/** Every route but `/` (which has no byte to encode but its slash). */
function routes(): { method: string; path: string }[] {
  return appRoutes().filter((r) => r.path !== '/');
}

async function fetchCounted(method: string, path: string) {
  const headers = { origin: ORIGIN, 'content-type': path.startsWith('/api/') ? 'application/json' : 'application/x-www-form-urlencoded' };
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, { method, redirect: 'manual', headers, body: method === 'GET' ? undefined : '{}' }), debugEnv, ctx);
  const queries = Number(/d1;dur=[\d.]+;desc="(\d+) queries"/.exec(res.headers.get('server-timing') ?? '')?.[1]);
  return { status: res.status, location: res.headers.get('location'), queries };
}

beforeAll(async () => {
  slug = await campaignWithPickets([picketFile({ id: PICKET })]);
});

describe('any route spelled with percent-encoded bytes', () => {
  it('is sent on to its one spelling (GET) or refused (404), before any D1 query', async () => {
    expect(routes().length).toBeGreaterThan(60);
    const next = random(24_6);
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const { method, path } of routes()) {
      const plain = fill(path);
      for (let round = 0; round < 4; round++) {
        const sent = respell(plain, next);
        const got = await fetchCounted(method, sent);
        // An encoded `/` makes one segment of two: no route is spelled so.
        const redirect = method === 'GET' && !/%2f/i.test(sent);
        // Refused: 404, or 405 where the spelling reads as a route's path that takes no POST.
        const answer = got.status === 301 ? `301 ${got.location}` : [404, 405].includes(got.status) ? 'refused' : String(got.status);
        seen.push(`${method} ${sent} → ${answer} ${got.queries}`);
        wanted.push(`${method} ${sent} → ${redirect ? `301 ${plain}` : 'refused'} 0`);
      }
    }
    expect(seen).toEqual(wanted);
  });

  it('keeps the query on the redirect and refuses a decoded byte no route is spelled with', async () => {
    expect(await fetchCounted('GET', `/%63/${slug}/pickets/${PICKET}?lang=ru`)).toEqual({ status: 301, location: `/c/${slug}/pickets/${PICKET}?lang=ru`, queries: 0 });
    expect(await fetchCounted('GET', `/api/campaigns/${slug}/count%20`)).toEqual({ status: 404, location: null, queries: 0 });
    expect(await fetchCounted('GET', `/c/${slug}/%2e%2e/x`)).toEqual({ status: 404, location: null, queries: 0 });
    expect(await fetchCounted('GET', `/c/${slug}/deliveries%ZZ`)).toEqual({ status: 404, location: null, queries: 0 });
  });

  it('is answered as usual once spelled the one way (the redirect does not loop)', async () => {
    expect(await fetchCounted('GET', `/api/campaigns/${slug}/count`)).toMatchObject({ status: 200, location: null, queries: 1 });
  });
});
