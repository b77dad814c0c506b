import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import worker from './limits/worker';
import { fakeConfig, fakeEnv, fakeKey, fakeStats, isolatedCampaign, outboxCounts, seedPending, setFaults } from './delivery-helpers';
import { confirmFields, ORIGIN } from './helpers';

const SIGNATURES = 1000;
const THROUGH_HTTP = 40;

type OutRow = { kind: string; idempotency_key: string; status: string; attempts: number; last_error: string | null; to_addrs: string; subject: string; text_body: string };

describe('delivery under faults', () => {
  it(`delivers the forwards of ${SIGNATURES} confirmed signatures exactly once while the fake fails in every way`, async () => {
    const key = fakeKey();
    const campaign = await isolatedCampaign({ targetPerHour: 30, campaignPerHour: 600 }, 10);
    // Target t9 refuses everything: its messages must end dead, with the 422 kept.
    await env.DB.prepare(`UPDATE targets SET email = 'refused-' || email WHERE key = 't9' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(campaign.slug).run();
    const tokens = await seedPending(campaign.slug, SIGNATURES, (i) => ({ target: i % 2 === 0 ? `t${(i / 2) % 10}` : undefined, reply: i % 3 === 0 }));
    await setFaults(key, { rates: { '429': 0.05, '500': 0.05, slow: 0.04, drop: 0.04, '422': 0.01 }, retryAfterSeconds: 2, rejectRecipient: 'refused-', seed: 7 });

    // The request path: confirmations through HTTP, each followed by a drain in waitUntil.
    for (const token of tokens.slice(0, THROUGH_HTTP)) {
      const ctx = createExecutionContext();
      const body = new URLSearchParams(await confirmFields(token)).toString();
      const headers = { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };
      const res = await worker.fetch(new Request(`${ORIGIN}/s/${token}/confirm`, { method: 'POST', headers, body }), fakeEnv(key), ctx);
      expect(res.status).toBe(303);
      await waitOnExecutionContext(ctx);
    }
    const afterRequests = await fakeStats(key);
    expect(afterRequests.delivered.length).toBeGreaterThan(0);
    // The rest through the same confirm flow, faster (no HTTP round trip).
    for (const token of tokens.slice(THROUGH_HTTP)) await confirm(env.DB, token);
    const { confirmed } = (await env.DB.prepare('SELECT confirmed FROM campaign_counts WHERE slug = ?1').bind(campaign.slug).first<{ confirmed: number }>())!;
    expect(confirmed).toBe(SIGNATURES);

    // Then time runs: a cron run and a direct drain (short timeout, so "slow" times out) per simulated minute.
    let now = Date.now();
    const config = fakeConfig(key, 150);
    let steps = 0;
    for (let step = 0; step < 1000; step++, steps++) {
      now += 60_000;
      if (step % 2 === 0) {
        const ctx = createExecutionContext();
        await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '* * * * *' }), fakeEnv(key), ctx);
        await waitOnExecutionContext(ctx);
      } else {
        await drainOutbox(env.DB, config, { now: () => now, maxMessages: 1000 });
      }
      if (!(await outboxCounts(campaign.slug)).pending) break;
    }

    const { results } = await env.DB.prepare(
      `SELECT kind, idempotency_key, status, attempts, last_error, to_addrs, subject, text_body FROM outbox WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`,
    )
      .bind(campaign.slug)
      .all<OutRow>();
    const toTargets = SIGNATURES / 2;
    // Each supporter's forwards, and one receipt (in the signature's key range) for each
    // supporter in whose name something went out: none where every forward was refused.
    const forwards = results.filter((r) => r.kind === 'forward');
    expect(forwards).toHaveLength(SIGNATURES + toTargets);
    const sentFor = new Set(forwards.filter((r) => r.status === 'sent').map((r) => r.idempotency_key.replace(/:\w+$/, '')));
    expect(sentFor.size).toBeGreaterThan(SIGNATURES * 0.9);
    const receipts = results.filter((r) => r.kind === 'receipt');
    expect(receipts.every((r) => /^c\d+:s\d+\.\d+:receipt$/.test(r.idempotency_key))).toBe(true);
    expect(new Set(receipts.map((r) => r.idempotency_key.replace(/:receipt$/, '')))).toEqual(sentFor);
    // And the organisers' one mail when the count reached the goal (1,000), also sent exactly once below.
    expect(results.filter((r) => r.kind === 'milestone').map((r) => r.idempotency_key)).toEqual([expect.stringMatching(/^c\d+:milestone:1000$/)]);
    expect(results).toHaveLength(forwards.length + receipts.length + 1);
    const counts = await outboxCounts(campaign.slug);
    expect(counts.pending).toBeUndefined();

    // Dead: only messages refused with a 4xx, the error kept.
    const dead = results.filter((r) => r.status === 'dead');
    expect(dead.every((r) => r.last_error?.startsWith('422 validation_error'))).toBe(true);
    const refused = results.filter((r) => r.to_addrs.includes('refused-'));
    expect(refused).toHaveLength(toTargets / 10);
    expect(refused.every((r) => r.status === 'dead')).toBe(true);

    // Sent: each exactly once at the fake, by key and by content; nothing dead was delivered.
    const stats = await fakeStats(key);
    const byRef = new Map<string, number>();
    const byContent = new Map<string, number>();
    for (const d of stats.delivered) {
      const ref = d.headers?.['X-Entity-Ref-ID'] ?? '';
      byRef.set(ref, (byRef.get(ref) ?? 0) + 1);
      const content = JSON.stringify([d.to, d.subject, d.text]);
      byContent.set(content, (byContent.get(content) ?? 0) + 1);
    }
    const sent = results.filter((r) => r.status === 'sent');
    expect(sent.length + dead.length).toBe(results.length);
    expect(new Set(byRef.keys())).toEqual(new Set(sent.map((r) => r.idempotency_key)));
    expect([...byRef.values()].every((n) => n === 1)).toBe(true);
    expect(byContent.size).toBe(sent.length);
    expect([...byContent.values()].every((n) => n === 1)).toBe(true);
    // Rendered when sent: each row's one delivery went to its recipients with its supporter's words.
    const byKey = new Map(stats.delivered.map((d) => [d.headers?.['X-Entity-Ref-ID'] ?? '', d]));
    for (const r of sent.filter((x) => x.kind === 'forward').slice(0, 50)) {
      const d = byKey.get(r.idempotency_key);
      expect(d?.to).toEqual(JSON.parse(r.to_addrs));
      expect(d?.text).toMatch(/^Message number \d+ <b>&<\/b>\n\nSupporter \d+, Lyon, France$/);
    }

    // Every fault kind happened, and the retries were recorded on the rows.
    expect(stats.faultsInjected).toEqual({ '429': expect.any(Number), '500': expect.any(Number), slow: expect.any(Number), drop: expect.any(Number), '422': expect.any(Number) });
    expect(Object.values(stats.faultsInjected).every((n) => n > 0)).toBe(true);
    expect(stats.replays).toBeGreaterThan(0);
    // No request ever reused a key with another payload: retried batches went again whole.
    expect(stats.conflicts).toBe(0);
    console.log('delivery proof', { steps, sent: sent.length, dead: dead.length, requests: stats.requests, replays: stats.replays, faults: stats.faultsInjected, maxAttempts: Math.max(...results.map((r) => r.attempts)) });
    expect(sent.filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.attempts > 1).every((r) => r.last_error === null)).toBe(true);
  }, 120_000);
});
