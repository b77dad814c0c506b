import { env, SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { getCount } from '../src/db/counts';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

/** Inserts `n` confirmed signatures in plain SQL; the triggers keep the count row exact. */
async function seedConfirmed(slug: string, n: number): Promise<void> {
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, public, consent_version,
       status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at)
     SELECT c.id, 'seed-' || i || '@example.org', 'seed-' || i || '@example.org', 'Seed ' || i, 'FR', 'Paris', 0, '1',
       'confirmed', 'nonce-for-a-seeded-row', printf('%064d', i), 0, 1, 1, 1
     FROM seq, campaigns c WHERE c.slug = ?1`,
  )
    .bind(slug, n)
    .run();
}

const count = (slug: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${ORIGIN}/api/campaigns/${slug}/count`, { headers });

describe('GET /api/campaigns/:slug/count', () => {
  for (const n of [10, 10_000]) {
    it(`reads one row with ${n} confirmed signatures`, async () => {
      const c = await createCampaign({ goal: 100 });
      await seedConfirmed(c.slug, n);
      const { count: row, meta } = await getCount(env.DB, c.slug);
      expect(row?.count).toBe(n);
      expect(meta.rows_read).toBe(1);
      const res = await count(c.slug);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ slug: c.slug, title: c.title, count: n, goal: 100 });
    });
  }

  it('answers the public shape with cache, ETag and CORS headers', async () => {
    const c = await createCampaign({ goal: 500 });
    const res = await count(c.slug, { origin: 'https://someone-elses.example' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ slug: c.slug, title: c.title, count: 0, goal: 500, nextGoal: 500, today: 0, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag,X-Request-Id');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{24}"$/);
  });

  it('answers 304 without a body to a matching If-None-Match, 200 to a stale one', async () => {
    const c = await createCampaign();
    const first = await count(c.slug);
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const again = await count(c.slug, { 'if-none-match': etag, origin: 'https://someone-elses.example' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    const stale = await count(c.slug, { 'if-none-match': '"0000"' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).toBe(etag);
  });

  it('puts the answer in the Cache API and serves the next request from it', async () => {
    const c = await createCampaign();
    const first = await count(c.slug);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const body = await first.text();
    // The put runs in waitUntil, after the response.
    const cached = await vi.waitFor(async () => {
      const hit = await caches.default.match(`${ORIGIN}/api/campaigns/${c.slug}/count`);
      if (!hit) throw new Error('not cached yet');
      return hit;
    });
    expect(await cached.text()).toBe(body);
    const second = await count(c.slug);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.text()).toBe(body);
  });

  it('serves a made-up query string from the same cache entry (no cache-busting through to D1)', async () => {
    const c = await createCampaign();
    await (await count(c.slug)).text();
    await vi.waitFor(async () => {
      if (!(await caches.default.match(`${ORIGIN}/api/campaigns/${c.slug}/count`))) throw new Error('not cached yet');
    });
    const busted = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count?nocache=${Math.random()}`);
    expect(busted.headers.get('x-cache')).toBe('HIT');
  });

  it('answers a CORS preflight for If-None-Match from any origin', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/campaigns/any/count`, {
      method: 'OPTIONS',
      headers: { origin: 'https://someone-elses.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('If-None-Match');
  });

  it('answers 404 JSON for an unknown slug, and does not cache it', async () => {
    const res = await count('no-such-campaign');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign with this slug.', issues: [], requestId: res.headers.get('x-request-id') } });
    expect(res.headers.get('cache-control')).toBeNull();
  });
});

describe('today', () => {
  const today = async (slug: string) => (await (await count(slug)).json() as { today: number }).today;
  // The cached answer lives 5 s; each step reads the row itself, as the page and a cache miss do.
  const fresh = async (slug: string) => {
    const { count: row } = await getCount(env.DB, slug);
    const { publicCount } = await import('../src/db/counts');
    return row && publicCount(row);
  };

  it('counts today’s confirmations in the counts row, minus today’s withdrawals', async () => {
    const c = await createCampaign();
    expect(await today(c.slug)).toBe(0);
    const tokens: string[] = [];
    for (const email of [`${unique('t1')}@example.org`, `${unique('t2')}@example.org`]) {
      await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
      const token = await tokenFor(email);
      tokens.push(token);
      await confirmAs(token);
    }
    expect(await fresh(c.slug)).toMatchObject({ count: 2, today: 2 });
    await postForm(`/s/${tokens[0]}/withdraw`, {});
    expect(await fresh(c.slug)).toMatchObject({ count: 1, today: 1 });
    const row = await env.DB.prepare('SELECT today, today_day FROM campaign_counts WHERE slug = ?1').bind(c.slug).first();
    expect(row).toEqual({ today: 1, today_day: Math.floor(Date.now() / 86_400_000) });
  });

  it('shows 0 once the tally’s day is over; withdrawing an older signature leaves today’s tally alone', async () => {
    const c = await createCampaign();
    await seedConfirmed(c.slug, 3); // confirmed on 1 January 1970
    expect(await fresh(c.slug)).toMatchObject({ count: 3, today: 0 });
    const email = `${unique('t3')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    await confirmAs(await tokenFor(email));
    expect(await fresh(c.slug)).toMatchObject({ count: 4, today: 1 });
    await env.DB.prepare(`UPDATE signatures SET status = 'withdrawn' WHERE email = 'seed-1@example.org' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).run();
    expect(await fresh(c.slug)).toMatchObject({ count: 3, today: 1 });
  });
});

describe('moving goal', () => {
  it('keeps the goal, and steps nextGoal through the milestones then round numbers', async () => {
    const c = await createCampaign({ goal: 100, milestones: [250, 400] });
    const at = async (n: number) => {
      await env.DB.prepare('UPDATE campaign_counts SET confirmed = ?2 WHERE slug = ?1').bind(c.slug, n).run();
      const { count: row } = await getCount(env.DB, c.slug);
      return row;
    };
    const { publicCount } = await import('../src/db/counts');
    const next = async (n: number) => {
      const row = await at(n);
      return row && publicCount(row);
    };
    expect(await next(99)).toMatchObject({ goal: 100, nextGoal: 100 });
    expect(await next(100)).toMatchObject({ goal: 100, nextGoal: 250 });
    expect(await next(300)).toMatchObject({ goal: 100, nextGoal: 400 });
    expect(await next(400)).toMatchObject({ goal: 100, nextGoal: 500 });
    expect(await next(1200)).toMatchObject({ goal: 100, nextGoal: 2000 });
  });

  it('takes new milestones when the campaign file is pushed again', async () => {
    const c = await createCampaign({ goal: 10 });
    expect((await getCount(env.DB, c.slug)).count?.milestones).toEqual([]);
    await createCampaign({ slug: c.slug, goal: 10, milestones: [20, 50] });
    expect((await getCount(env.DB, c.slug)).count?.milestones).toEqual([20, 50]);
  });

  it('rejects milestones that are not ascending above the goal', async () => {
    await expect(createCampaign({ goal: 100, milestones: [50] })).rejects.toThrow('Invalid campaign file:\n  milestones: must go up, each above the one before and the first above the goal (100)');
  });
});
