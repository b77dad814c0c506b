import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from './limits/worker';
import { createCampaign, ORIGIN, signatureBody } from './helpers';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const debugEnv = { ...env, DEBUG_METRICS: '1' };

/** Fetches with DEBUG_METRICS on; `queries` is how many D1 queries the request ran (Server-Timing). */
async function fetchCounted(path: string, init: RequestInit = {}) {
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), debugEnv, ctx);
  const queries = Number(/d1;dur=[\d.]+;desc="(\d+) queries"/.exec(res.headers.get('server-timing') ?? '')?.[1]);
  return { res, queries };
}

describe('a campaign slug in another spelling', () => {
  it('is sent on to the stored spelling (301) without a D1 query, the rest of the URL kept', async () => {
    const c = await createCampaign();
    const encoded = c.slug.replace(/-/g, '%2D');
    const cases: [string, string][] = [
      [`/c/${encoded}`, `/c/${c.slug}`],
      [`/c/${c.slug.toUpperCase()}/embed?lang=ru`, `/c/${c.slug}/embed?lang=ru`],
      [`/api/campaigns/${encodeURIComponent(c.slug).replace(/c/g, '%63')}/count`, `/api/campaigns/${c.slug}/count`],
      [`/admin/campaigns/${encoded}`, `/admin/campaigns/${c.slug}`],
      [`/api/admin/campaigns/${encoded}/signatures.csv`, `/api/admin/campaigns/${c.slug}/signatures.csv`],
    ];
    for (const [path, location] of cases) {
      const { res, queries } = await fetchCounted(path);
      expect([path, res.status, res.headers.get('location'), queries]).toEqual([path, 301, location, 0]);
    }
  });

  it('that cannot be a slug is an unknown campaign (404, the usual answer) without a D1 query', async () => {
    for (const path of ['/c/no_such!slug', '/c/%ZZ', '/c/x', `/c/${'a'.repeat(65)}`, '/c/a%2Fb']) {
      const { res, queries } = await fetchCounted(path);
      expect([path, res.status, queries]).toEqual([path, 404, 0]);
      expect(await res.text()).toContain('There is no campaign at this address.');
    }
    const { res, queries } = await fetchCounted('/api/campaigns/%ZZ/count');
    expect([res.status, queries]).toEqual([404, 0]);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign at this address.', issues: [], requestId: expect.any(String) } });
  });

  it('is refused for a form post (404), storing nothing', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    const { res, queries } = await fetchCounted(`/api/campaigns/${c.slug.toUpperCase()}/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect([res.status, queries]).toEqual([404, 0]);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM signatures WHERE email = ?1').bind(body.email).first('n')).toBe(0);
  });

  it('leaves the stored spelling alone', async () => {
    const c = await createCampaign();
    const { res, queries } = await fetchCounted(`/api/campaigns/${c.slug}/count`);
    expect([res.status, res.headers.get('location'), queries]).toEqual([200, null, 1]);
    expect((await res.json<{ slug: string }>()).slug).toBe(c.slug);
  });
});
