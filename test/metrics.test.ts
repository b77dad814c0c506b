import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../src/index';
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
  it('reports the rows read by the count: one', async () => {
    const c = await createCampaign();
    const res = await app.fetch(new Request(`${ORIGIN}/api/campaigns/${c.slug}/count`), debugEnv, ctx);
    expect(res.status).toBe(200);
    expect(timing(res)).toMatchObject({ d1: '1 queries', 'd1-rows-read': '1', 'd1-rows-written': '0' });
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
    // A new index or statement moves these numbers; change them knowingly.
    expect(timing(res)).toMatchObject({ d1: '3 queries', 'd1-rows-read': '15', 'd1-rows-written': '4' });
  });

  it('is absent when DEBUG_METRICS is off', async () => {
    const res = await SELF.fetch(`${ORIGIN}/health`);
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('server-timing')).toBeNull();
  });
});
