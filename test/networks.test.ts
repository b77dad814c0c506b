import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from './limits/worker';
import { ipNetwork } from '../src/lib/ip-network';
import { createCampaign, ORIGIN, postJson, signatureBody, signatureRow, unique } from './helpers';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

/** A random /64 of the documentation range, as its first four groups. */
const randomPrefix = () => `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
const hostIn = (prefix: string, i: number) => `${prefix}:${(i * 7919 + 1).toString(16)}:${i.toString(16)}:0:${(i + 1).toString(16)}`;

describe('ipNetwork', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['2001:db8:0:1:aaaa:bbbb:cccc:dddd', '2001:db8:0:1::/64'],
    ['2001:0DB8:0000:0001::1', '2001:db8:0:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::ffff:c633:6407', '198.51.100.7'],
    ['not:an:address:::', 'not:an:address:::'],
  ])('%s is the network %s', (ip, network) => {
    expect(ipNetwork(ip)).toBe(network);
  });
});

describe('per-IP limits with IPv6 clients', () => {
  it('count every address of one /64 as one client: the sixth sign-in request from it is a 429', async () => {
    const prefix = randomPrefix();
    const ask = (i: number, net = prefix) =>
      SELF.fetch(`${ORIGIN}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': hostIn(net, i) },
        body: new URLSearchParams({ email: `${unique('n')}@example.org` }).toString(),
      });
    const first = await Promise.all([0, 1, 2, 3, 4].map((i) => ask(i)));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await ask(5)).status).toBe(429);
    // Another /64 is another client.
    expect((await ask(5, randomPrefix())).status).toBe(200);
  });

  it("key the spam filter's network by /64: two addresses of one /64 share an IP hash, another /64 does not", async () => {
    const c = await createCampaign();
    const prefix = randomPrefix();
    const [a, b, other] = [signatureBody(), signatureBody(), signatureBody()];
    await postJson(`/api/campaigns/${c.slug}/signatures`, a, { 'cf-connecting-ip': hostIn(prefix, 1) });
    await postJson(`/api/campaigns/${c.slug}/signatures`, b, { 'cf-connecting-ip': hostIn(prefix, 2) });
    await postJson(`/api/campaigns/${c.slug}/signatures`, other, { 'cf-connecting-ip': hostIn(randomPrefix(), 1) });
    const [ha, hb, ho] = await Promise.all([a, b, other].map(async (s) => (await signatureRow(c.slug, String(s.email)))?.ip_hash));
    expect(ha).toMatch(/^[0-9a-f]{64}$/);
    expect(hb).toBe(ha);
    expect(ho).not.toBe(ha);
  });
});

describe('Server-Timing', () => {
  const deployed = 'https://solidarity.example.org';
  const debugEnv = { ...env, DEBUG_METRICS: '1' };
  const signIn = (email: string) =>
    app.fetch(
      new Request(`${deployed}/admin/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: deployed }, body: new URLSearchParams({ email }).toString() }),
      debugEnv,
      ctx,
    );

  it('is never sent to a request addressed to a real host, even with DEBUG_METRICS set', async () => {
    const c = await createCampaign({ organisers: [`${unique('org')}@example.org`] });
    const organiser = await signIn(String(c.organisers[0]));
    const stranger = await signIn(`${unique('stranger')}@example.org`);
    expect([organiser.status, organiser.headers.get('server-timing')]).toEqual([200, null]);
    expect([stranger.status, stranger.headers.get('server-timing')]).toEqual([200, null]);
    const body = signatureBody();
    const sign = () => app.fetch(new Request(`${deployed}/api/campaigns/${c.slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), debugEnv, ctx);
    // A new address, then the same one pending, then over its mail cap: nothing tells them apart.
    const answers = [await sign(), await sign(), await sign(), await sign()];
    expect(answers.map((r) => [r.status, r.headers.get('server-timing')])).toEqual(Array(4).fill([202, null]));
  });

  it('is sent on this machine with DEBUG_METRICS (what the benchmark reads)', async () => {
    const res = await app.fetch(new Request('http://127.0.0.1:8787/health'), debugEnv, ctx);
    expect(res.headers.get('server-timing')).toContain('d1-isolate;desc="queries=');
  });
});
