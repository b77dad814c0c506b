import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from './limits/worker';
import { WORKERS_FREE } from '../src/lib/platform-limits';
import { type D1Totals, emptyTotals, instrumentD1 } from '../src/middleware/metrics';
import { fakeEnv, fakeKey, fakeStats, isolatedCampaign, seedDueMail, seedPending } from './delivery-helpers';
import { ORIGIN, signatureBody, confirmFields } from './helpers';

/** `n` whole emails due now, to fresh addresses; their tag. */
const backlog = (n: number) => seedDueMail(n, 'b');

const pending = (tag: string) => env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE idempotency_key LIKE 'b:' || ?1 || ':%' AND status = 'pending'`).bind(tag).first<number>('n');

/** Subrequests an invocation made: D1 statements (each of a batch) and calls to Resend. */
const subrequests = async (totals: D1Totals, key: string, before: number) => totals.queries + (await fakeStats(key)).requests - before;

describe('the minute cron on the free plan', () => {
  it('sends what fits in 50 subrequests and its CPU (50 messages) and carries the rest of 1,000 due to the next minutes', async () => {
    const tag = await backlog(1_000);
    const key = fakeKey();
    const sentAfter: number[] = [];
    for (let minute = 0; minute < 3; minute++) {
      const totals = emptyTotals();
      const before = (await fakeStats(key)).requests;
      const ctx = createExecutionContext();
      const controller = createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() + minute * 60_000 });
      await worker.scheduled(controller, fakeEnv(key, { DB: instrumentD1(env.DB, totals) }), ctx);
      await waitOnExecutionContext(ctx);
      expect(await subrequests(totals, key, before)).toBeLessThanOrEqual(WORKERS_FREE.maxSubrequests);
      sentAfter.push(1_000 - (await pending(tag))!);
    }
    // Each run sent what one free invocation carries, none twice, the backlog shrinking.
    expect(sentAfter).toEqual([50, 100, 150]);
    expect((await fakeStats(key)).delivered.filter((d) => d.to[0]?.endsWith(`-${tag}@example.org`))).toHaveLength(sentAfter[2]!);
  }, 60_000);
});

describe('a request and the drain after it share one invocation’s budget', () => {
  it('POST /api/campaigns/:slug/signatures with 300 messages due stays within 50 subrequests, its drain included', async () => {
    await backlog(300);
    const c = await isolatedCampaign();
    const key = fakeKey();
    const totals = emptyTotals();
    const before = (await fakeStats(key)).requests;
    const ctx = createExecutionContext();
    const req = new Request(`${ORIGIN}/api/campaigns/${c.slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signatureBody({ target: 't0' })) });
    const res = await worker.fetch(req, fakeEnv(key, { DB: instrumentD1(env.DB, totals) }), ctx);
    expect(res.status).toBe(202);
    await waitOnExecutionContext(ctx);
    expect((await fakeStats(key)).requests - before).toBeGreaterThan(0);
    expect(await subrequests(totals, key, before)).toBeLessThanOrEqual(WORKERS_FREE.maxSubrequests);
  });

  it('POST /s/:token/confirm with 300 messages due stays within 50 subrequests, its drain included', async () => {
    await backlog(300);
    const c = await isolatedCampaign();
    const [token] = await seedPending(c.slug, 1, () => ({ target: 't0' }));
    const key = fakeKey();
    const totals = emptyTotals();
    const before = (await fakeStats(key)).requests;
    const ctx = createExecutionContext();
    // The confirmation page's form, as the owner sends it.
    const body = new URLSearchParams(await confirmFields(token!)).toString();
    const req = new Request(`${ORIGIN}/s/${token}/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body });
    const res = await worker.fetch(req, fakeEnv(key, { DB: instrumentD1(env.DB, totals) }), ctx);
    expect(res.status).toBe(303);
    await waitOnExecutionContext(ctx);
    expect(await subrequests(totals, key, before)).toBeLessThanOrEqual(WORKERS_FREE.maxSubrequests);
  });
});
