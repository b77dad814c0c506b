import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import { fakeConfig, fakeKey, fakeStats, isolatedCampaign, seedPending } from './delivery-helpers';

/** How many messages the fake took for `address` so far. */
async function sentTo(key: string, address: string): Promise<number> {
  return (await fakeStats(key)).delivered.filter((d) => d.to[0] === address).length;
}

/** Drains at each moment and says how many messages `address` had received after each. */
async function drainsAt(key: string, address: string, moments: number[]): Promise<number[]> {
  const counts: number[] = [];
  for (const at of moments) {
    await drainOutbox(env.DB, fakeConfig(key), { now: () => at });
    counts.push(await sentTo(key, address));
  }
  return counts;
}

describe('throttle per address: a send budget decided when the drainer claims', () => {
  it('spreads a surge to one embassy at targetPerHour: one every 2 minutes at 30 an hour, whenever the drainer runs', async () => {
    const c = await isolatedCampaign({ targetPerHour: 30, campaignPerHour: 600 });
    const tokens = await seedPending(c.slug, 10, () => ({ target: 't0' }));
    for (const t of tokens) await confirm(env.DB, t);
    const key = fakeKey();
    const t0 = Date.now() + 1_000;
    const embassy = c.targets[0]!.email;
    // A drain every 30 s for 10 minutes: the bucket holds one, refilled every 120 s.
    const moments = Array.from({ length: 21 }, (_, i) => t0 + i * 30_000);
    const counts = await drainsAt(key, embassy, moments);
    expect(counts.filter((_, i) => i % 4 === 0)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(counts.slice(0, 5)).toEqual([1, 1, 1, 1, 2]);
  });

  it('sends to the campaign inbox at campaignPerHour: a minute’s worth at once (the bucket), then one per gap', async () => {
    const c = await isolatedCampaign({ targetPerHour: 30, campaignPerHour: 600 });
    const tokens = await seedPending(c.slug, 25, () => ({}));
    for (const t of tokens) await confirm(env.DB, t);
    const key = fakeKey();
    const t0 = Date.now() + 1_000;
    // 600 an hour: a gap of 6 s, a bucket of 10; after it is spent, 10 more a minute.
    expect(await drainsAt(key, c.mail.to, [t0, t0 + 1_000, t0 + 6_000, t0 + 60_000, t0 + 10 * 60_000])).toEqual([10, 10, 11, 20, 25]);
  });

  it('never lets a long-idle address send more than its bucket at once', async () => {
    const c = await isolatedCampaign({ targetPerHour: 120 });
    const tokens = await seedPending(c.slug, 5, () => ({ target: 't1' }));
    for (const t of tokens) await confirm(env.DB, t);
    const key = fakeKey();
    // A day later: 120 an hour is a bucket of 2, whatever the time that passed.
    const later = Date.now() + 86_400_000;
    expect(await drainsAt(key, c.targets[1]!.email, [later, later + 30_000, later + 60_000])).toEqual([2, 3, 4]);
  });

  it('shares one budget between two campaigns writing to the same embassy', async () => {
    const shared = `embassy-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const a = await isolatedCampaign({ targetPerHour: 30 }, 3, {});
    const b = await isolatedCampaign({ targetPerHour: 30 }, 3, {});
    for (const c of [a, b]) await env.DB.prepare('UPDATE targets SET email = ?1 WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?2) AND key = ?3').bind(shared, c.slug, 't0').run();
    for (const c of [a, b]) for (const t of await seedPending(c.slug, 2, () => ({ target: 't0' }))) await confirm(env.DB, t);
    const key = fakeKey();
    const t0 = Date.now() + 1_000;
    expect(await drainsAt(key, shared, [t0, t0 + 60_000, t0 + 120_000, t0 + 240_000, t0 + 360_000])).toEqual([1, 1, 2, 3, 4]);
  });

  it('confirming writes no budget; the first send starts one: one gap ahead at a bucket of one', async () => {
    const c = await isolatedCampaign({ targetPerHour: 60 });
    const [token] = await seedPending(c.slug, 1, () => ({ target: 't2' }));
    await confirm(env.DB, token!);
    await confirm(env.DB, token!);
    const slot = () => env.DB.prepare('SELECT next_at FROM mail_slots WHERE throttle_key = ?1').bind(`to:${c.targets[2]!.email}`).first<number>('next_at');
    expect(await slot()).toBeNull();
    const at = Date.now() + 1_000;
    await drainOutbox(env.DB, fakeConfig(fakeKey()), { now: () => at });
    expect(await slot()).toBe(at + 60_000);
  });
});
