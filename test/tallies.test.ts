import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignStats } from '../src/db/dashboard';
import { runPrivacySweep } from '../src/db/privacy';
import { sourceStats } from '../src/db/sources';
import { recountTallies } from '../src/db/tally-recount';
import { rollUpTallies } from '../src/db/tallies';
import { confirm, withdraw } from '../src/flows/signing';
import { fakeConfig, fakeKey, isolatedCampaign, seedPending } from './delivery-helpers';
import { drainOutbox } from '../src/email/drain';

type Tally = { dim: string; key: string; signed: number; confirmed: number };

async function campaignOf(slug: string): Promise<number> {
  return (await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(slug).first<number>('id'))!;
}

async function tallies(campaignId: number): Promise<Tally[]> {
  const { results } = await env.DB.prepare(
    `SELECT dim, key, signed, confirmed FROM signature_tallies WHERE campaign_id = ?1 AND (signed <> 0 OR confirmed <> 0) ORDER BY dim, key`,
  ).bind(campaignId).all<Tally>();
  return results;
}

/** Rolls up until nothing is left, as the cron would over a few minutes. */
async function rollAll(now = Date.now()): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const step = await rollUpTallies(env.DB, now, { limit: 50 });
    if (step.arrivalRows === 0 && step.campaigns === 0) return;
  }
  throw new Error('the rollup did not catch up');
}

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

describe('signature summaries (db/tallies.ts)', () => {
  it('counts signed and confirmed by status, source, day, country and target once rolled up, and the recount agrees', async () => {
    const c = await isolatedCampaign();
    const id = await campaignOf(c.slug);
    const tokens = await seedPending(c.slug, 5, (i) => ({ target: i < 2 ? 't0' : undefined }));
    for (const t of tokens.slice(0, 3)) await confirm(env.DB, t);
    // Nothing is counted before a step: signing and confirming write no summary.
    expect(await tallies(id)).toEqual([]);
    await rollAll();
    const today = day(Date.now());
    const target = (await env.DB.prepare(`SELECT id FROM targets WHERE campaign_id = ?1 AND key = 't0'`).bind(id).first<number>('id'))!;
    expect(await tallies(id)).toEqual([
      { dim: 'confirmed', key: today, signed: 0, confirmed: 3 },
      { dim: 'country', key: 'FR', signed: 0, confirmed: 3 },
      { dim: 'created', key: today, signed: 5, confirmed: 3 },
      { dim: 'source', key: '', signed: 5, confirmed: 3 },
      { dim: 'status', key: 'all', signed: 5, confirmed: 3 },
      { dim: 'target', key: '', signed: 0, confirmed: 1 },
      { dim: 'target', key: String(target), signed: 0, confirmed: 2 },
    ]);
    expect(await recountTallies(env.DB, id)).toEqual([]);
    const stats = await campaignStats(env.DB, id, Date.now());
    expect(stats.status).toEqual({ pending: 2, confirmed: 3, withdrawn: 0, spam: 0 });
    expect(stats.byTarget).toEqual([{ key: 't0', label: 'Embassy 0', count: 2 }, { key: '', label: 'No target (campaign only)', count: 1 }]);
  });

  it('moves counted summaries by trigger when a counted signature is withdrawn, marked spam or deleted', async () => {
    const c = await isolatedCampaign();
    const id = await campaignOf(c.slug);
    const tokens = await seedPending(c.slug, 4, () => ({ target: 't1' }));
    for (const t of tokens.slice(0, 2)) await confirm(env.DB, t);
    await rollAll();
    await withdraw(env.DB, tokens[0]!);
    await env.DB.prepare(`UPDATE signatures SET status = 'spam' WHERE campaign_id = ?1 AND status = 'pending' AND name = 'Supporter 2'`).bind(id).run();
    // Pending and long expired: the daily sweep deletes it.
    await env.DB.prepare(`UPDATE signatures SET token_expires_at = 1 WHERE campaign_id = ?1 AND name = 'Supporter 3'`).bind(id).run();
    await runPrivacySweep(env.DB, Date.now());
    const stats = await campaignStats(env.DB, id, Date.now());
    expect(stats.status).toEqual({ pending: 0, confirmed: 1, withdrawn: 1, spam: 1 });
    expect(stats.byCountry).toEqual([{ key: 'FR', label: 'FR', count: 1 }]);
    expect((await sourceStats(env.DB, id, Date.now())).top).toEqual([{ source: null, signed: 2, confirmed: 1 }]);
    expect(await recountTallies(env.DB, id)).toEqual([]);
  });

  it('counts by trigger a confirmation that lands behind its campaign’s cursor (a slow request), and a step takes nothing twice', async () => {
    const c = await isolatedCampaign();
    const id = await campaignOf(c.slug);
    const [early] = await seedPending(c.slug, 2);
    await confirm(env.DB, early!);
    await rollAll();
    // Confirmed with a clock read before the step's: its confirmed_at is behind the cursor.
    await env.DB.prepare(`UPDATE signatures SET status = 'confirmed', confirmed_at = ?2 WHERE campaign_id = ?1 AND name = 'Supporter 1'`)
      .bind(id, Date.now() - 60_000).run();
    await rollAll();
    await rollAll();
    expect((await campaignStats(env.DB, id, Date.now())).status.confirmed).toBe(2);
    expect(await recountTallies(env.DB, id)).toEqual([]);
  });
});

describe('delivery summaries (migration 0017)', () => {
  it('count sent, dead and delivered per address as a recount of the outbox does, after drains, a bounce and a withdrawal', async () => {
    const c = await isolatedCampaign();
    const id = await campaignOf(c.slug);
    const tokens = await seedPending(c.slug, 4, (i) => ({ target: `t${i % 2}` }));
    for (const t of tokens) await confirm(env.DB, t);
    await drainOutbox(env.DB, fakeConfig(fakeKey()), { now: () => Date.now() + 86_400_000 });
    await env.DB.prepare(`UPDATE outbox SET delivery = 'bounced', delivery_error = 'mailbox full' WHERE campaign_id = ?1 AND throttle_key LIKE 'to:embassy-1%'`).bind(id).run();
    await env.DB.prepare(`UPDATE outbox SET delivery = 'delivered' WHERE campaign_id = ?1 AND delivery IS NULL AND status = 'sent' AND kind = 'forward'`).bind(id).run();
    await withdraw(env.DB, tokens[0]!);
    const kept = await env.DB.prepare(
      `SELECT key, sent, dead, delivered, bounced FROM delivery_tallies WHERE campaign_id = ?1 AND (sent <> 0 OR dead <> 0) ORDER BY key`,
    ).bind(id).all();
    const recount = await env.DB.prepare(
      `SELECT coalesce(throttle_key, 'kind:' || kind) AS key, sum(status = 'sent') AS sent, sum(status = 'dead') AS dead,
         sum(coalesce(delivery IN ('delivered', 'complained'), 0)) AS delivered, sum(coalesce(delivery = 'bounced', 0)) AS bounced
       FROM outbox WHERE campaign_id = ?1 AND substr(idempotency_key, 1, 1) = 'c' GROUP BY 1 HAVING sum(status <> 'pending') > 0 ORDER BY 1`,
    ).bind(id).all();
    expect(kept.results.length).toBeGreaterThanOrEqual(3);
    expect(kept.results).toEqual(recount.results);
    const bounced = await env.DB.prepare(`SELECT error FROM delivery_tallies WHERE campaign_id = ?1 AND key LIKE 'to:embassy-1%'`).bind(id).first('error');
    expect(bounced).toBe('mailbox full');
  });
});
