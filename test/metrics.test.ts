import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env';
import app from './limits/worker';
import { emptyTotals, instrumentD1, meteredDb } from '../src/middleware/metrics';
import { createCampaign, ORIGIN, signatureBody } from './helpers';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const debugEnv = { ...env, DEBUG_METRICS: '1' };

function timing(res: Response): Record<string, string> {
  const header = res.headers.get('server-timing') ?? '';
  return Object.fromEntries(
    header.split(',').map((entry) => {
      const [name, ...params] = entry.trim().split(';');
      const desc = params.find((p) => p.startsWith('desc='))?.slice(5).replace(/"/g, '') ?? '';
      return [name, desc];
    }),
  );
}

describe('Server-Timing with DEBUG_METRICS', () => {
  it('reports the rows read by the count: one, in one round trip', async () => {
    const c = await createCampaign();
    const res = await app.fetch(new Request(`${ORIGIN}/api/campaigns/${c.slug}/count`), debugEnv, ctx);
    expect(res.status).toBe(200);
    expect(timing(res)).toMatchObject({ d1: '1 queries', 'd1-round-trips': '1', 'd1-rows-read': '1', 'd1-rows-written': '0' });
  });

  it('leaves the drain after the response out of the request and in the isolate totals', async () => {
    const c = await createCampaign();
    const pending: Promise<unknown>[] = [];
    const later = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    const sign = (e: Bindings) =>
      app.fetch(new Request(`${ORIGIN}/api/campaigns/${c.slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signatureBody()) }), e, later);
    const isolate = async () => Number(/round-trips=(\d+)/.exec(timing(await app.fetch(new Request(`${ORIGIN}/health`), debugEnv, ctx))['d1-isolate'] ?? '')?.[1]);
    const quiet: Bindings = { ...debugEnv, RESEND_API_KEY: 're_metrics_test', MAIL_FROM: '' };
    await sign(quiet); // the campaign is now in the isolate's cache for both requests below
    const before = await isolate();
    // The dev mailbox takes the confirmation mail: the drain after the response goes to D1.
    const withDrain = await sign(debugEnv);
    await Promise.all(pending);
    const after = await isolate();
    const noDrain = await sign(quiet);
    expect(withDrain.status).toBe(202);
    expect(timing(withDrain)['d1-round-trips']).toBe(timing(noDrain)['d1-round-trips']);
    expect(timing(withDrain).d1).toBe(timing(noDrain).d1);
    expect(after - before).toBeGreaterThan(Number(timing(withDrain)['d1-round-trips']));
  });

  it("carries the isolate's running totals, which grow by each request's work", async () => {
    const c = await createCampaign();
    const isolate = (res: Response) => Number(/queries=(\d+)/.exec(timing(res)['d1-isolate'] ?? '')?.[1]);
    const first = await app.fetch(new Request(`${ORIGIN}/api/campaigns/${c.slug}/count`), debugEnv, ctx);
    const second = await app.fetch(new Request(`${ORIGIN}/api/campaigns/${c.slug}/count?lang=ru`), debugEnv, ctx);
    const queries = Number(timing(second).d1?.split(' ')[0]);
    expect(queries).toBeGreaterThan(0);
    expect(isolate(second) - isolate(first)).toBeGreaterThanOrEqual(queries);
  });

  it('reports the queries and rows of signing', async () => {
    const c = await createCampaign();
    // A mail configuration error keeps the drain after the request away from D1, so only
    // the signing itself is measured, however the drain and the response interleave.
    const noDrain = { ...debugEnv, RESEND_API_KEY: 're_metrics_test', MAIL_FROM: '' };
    const req = () => new Request(`${ORIGIN}/api/campaigns/${c.slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signatureBody()) });
    // The first request of an isolate reads the campaign and its targets; later ones, for a
    // few seconds, have them in memory (db/campaign-cache.ts).
    expect(timing(await app.fetch(req(), noDrain, ctx))).toMatchObject({ d1: '5 queries', 'd1-rows-written': '4' });
    const res = await app.fetch(req(), noDrain, ctx);
    expect(res.status).toBe(202);
    // What D1 bills for one signature (README's benchmark table): rows and index entries.
    // One batch of three statements: the signature, its link mail, the checks' answer.
    // A new index or statement moves these numbers; change them knowingly. One read is the
    // summaries' trigger looking at the arrivals cursor (migration 0015): it writes nothing.
    expect(timing(res)).toMatchObject({ d1: '3 queries', 'd1-rows-read': '14', 'd1-rows-written': '4' });
  });

  it('is absent when DEBUG_METRICS is off', async () => {
    const res = await SELF.fetch(`${ORIGIN}/health`);
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('server-timing')).toBeNull();
  });
});

describe('instrumentD1', () => {
  it('counts a batch as one round trip and each of its statements as a query', async () => {
    const totals = emptyTotals();
    const db = instrumentD1(env.DB, totals);
    await db.batch([db.prepare('SELECT 1 AS one'), db.prepare('SELECT ?1 AS two').bind(2)]);
    expect(totals).toMatchObject({ queries: 2, roundTrips: 1 });
    expect(await db.prepare('SELECT ?1 AS n').bind(7).first('n')).toBe(7);
    expect(await db.prepare('SELECT 1').raw()).toEqual([[1]]);
    expect(totals).toMatchObject({ queries: 4, roundTrips: 3 });
  });

  it('adds to every sink it is given', async () => {
    const a = emptyTotals();
    const b = emptyTotals();
    await instrumentD1(env.DB, a, b).prepare('SELECT 1').all();
    expect(a).toEqual(b);
    expect(a.roundTrips).toBe(1);
  });
});

describe('meteredDb', () => {
  it('is the binding itself when DEBUG_METRICS is off', () => {
    expect(meteredDb({ ...env, DEBUG_METRICS: '' })).toBe(env.DB);
  });
});
