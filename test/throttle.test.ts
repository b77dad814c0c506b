import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import { fakeConfig, fakeKey, fakeStats, isolatedCampaign, seedPending } from './delivery-helpers';
import { ORIGIN } from './helpers';

async function schedule(slug: string, address: string): Promise<number[]> {
  const { results } = await env.DB.prepare(
    `SELECT next_attempt_at AS at FROM outbox WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND to_addrs = json_array(?2) ORDER BY next_attempt_at`,
  )
    .bind(slug, address)
    .all<{ at: number }>();
  return results.map((r) => r.at);
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('throttle per target', () => {
  it('spreads a surge to one embassy at targetPerHour and the campaign inbox at campaignPerHour', async () => {
    const c = await isolatedCampaign({ targetPerHour: 30, campaignPerHour: 600 });
    const tokens = await seedPending(c.slug, 10, () => ({ target: 't0' }));
    const start = Date.now();
    for (const t of tokens) await confirm(env.DB, t);
    const embassy = await schedule(c.slug, c.targets[0]!.email);
    const inbox = await schedule(c.slug, c.mail.to);
    expect(embassy[0]).toBeGreaterThanOrEqual(start);
    expect(gaps(embassy)).toEqual(Array(9).fill(120_000));
    expect(gaps(inbox)).toEqual(Array(9).fill(6_000));

    // Sent as the slots come due, not before.
    const key = fakeKey();
    const first = embassy[0]!;
    await drainOutbox(env.DB, fakeConfig(key), { now: () => first });
    const sentTo = async () => (await fakeStats(key)).delivered.filter((d) => d.to[0] === c.targets[0]!.email).length;
    expect(await sentTo()).toBe(1);
    await drainOutbox(env.DB, fakeConfig(key), { now: () => first + 120_000 * 4 });
    expect(await sentTo()).toBe(5);
    await drainOutbox(env.DB, fakeConfig(key), { now: () => first + 120_000 * 9 });
    expect(await sentTo()).toBe(10);
  });

  it('does not move a slot for a confirmation that enqueues nothing (a repeat)', async () => {
    const c = await isolatedCampaign({ targetPerHour: 60 });
    const [token] = await seedPending(c.slug, 1, () => ({ target: 't2' }));
    await confirm(env.DB, token!);
    await confirm(env.DB, token!);
    const slot = await env.DB.prepare('SELECT next_at FROM mail_slots WHERE throttle_key = ?1').bind(`to:${c.targets[2]!.email}`).first<{ next_at: number }>();
    const [at] = await schedule(c.slug, c.targets[2]!.email);
    expect(slot?.next_at).toBe(at! + 60_000);
  });
});
