import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runPrivacySweep } from '../src/db/privacy';
import { emptyTotals, instrumentD1 } from '../src/middleware/metrics';
import { createCampaign, unique } from './helpers';

const DAY = 86_400_000;

/** `n` signatures of `status`, made `daysAgo` days ago with an IP hash, straight into the table. */
async function seed(slug: string, n: number, status: 'confirmed' | 'pending', daysAgo: number): Promise<void> {
  const at = Date.now() - daysAgo * DAY;
  await env.DB.prepare(
    `WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x + 1 < ?3)
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, consent_version, status, token_nonce, token_hash,
       token_expires_at, ip_hash, created_at, confirmed_at, updated_at)
     SELECT c.id, ?5 || x || '@example.org', ?5 || x || '@example.org', 'S', 'FR', 'Paris', '1', ?4, 'nonce-for-a-seeded-row',
       printf('%064d', x), ?2 + ${DAY}, 'hash-' || x, ?2, iif(?4 = 'confirmed', ?2, NULL), ?2
     FROM seq, campaigns c WHERE c.slug = ?1`,
  ).bind(slug, at, n, status, unique('w')).run();
}

describe('the daily privacy sweep, by windows of ids', () => {
  it('drops old IP hashes and deletes expired pending signatures, then reads only a window on the next run', async () => {
    const c = await createCampaign();
    await seed(c.slug, 3000, 'confirmed', 40);
    await seed(c.slug, 500, 'pending', 20);
    await seed(c.slug, 200, 'confirmed', 1);
    const first = await runPrivacySweep(env.DB, Date.now());
    expect(first.ipHashesDropped).toBe(3000);
    expect(first.pendingDeleted).toBe(500);
    const left = await env.DB.prepare(
      `SELECT count(*) AS n, count(ip_hash) AS ips FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`,
    ).bind(c.slug).first();
    expect(left).toEqual({ n: 3200, ips: 200 });
    // The next day: nothing has aged, so the signatures' statements read about a window,
    // not the 3,200 rows (the outbox's and the small tables' statements read the rest).
    const totals = emptyTotals();
    const second = await runPrivacySweep(instrumentD1(env.DB, totals), Date.now() + 60_000);
    expect(second).toMatchObject({ ipHashesDropped: 0, pendingDeleted: 0 });
    expect(totals.rowsRead).toBeLessThan(1500);
  });

  it('takes a row whose created_at was set back by hand, when it is near the first young one', async () => {
    const c = await createCampaign();
    await seed(c.slug, 3, 'confirmed', 0);
    await env.DB.prepare(`UPDATE signatures SET created_at = ?2 WHERE id = (SELECT max(id) FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1))`)
      .bind(c.slug, Date.now() - 40 * DAY).run();
    expect((await runPrivacySweep(env.DB, Date.now())).ipHashesDropped).toBe(1);
  });
});
