import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { confirm } from '../src/flows/signing';
import { adminGet, makeToken, signIn } from './admin-helpers';
import { isolatedCampaign, seedPending } from './delivery-helpers';
import { mailTo, ORIGIN, unique } from './helpers';

/** A campaign with organiser `org`: one supporter's mail delivered (dev mailbox), one more waiting for target t0. */
async function setup() {
  const org = `${unique('org')}@example.org`;
  const c = await isolatedCampaign({ targetPerHour: 2 }, 2, { organisers: [org] });
  const [first, second] = await seedPending(c.slug, 2, () => ({ target: 't0' }));
  await confirm(env.DB, first!);
  await mailTo(c.targets[0]!.email);
  await confirm(env.DB, second!);
  return { c, org, cookie: await signIn(org) };
}

const rowOf = (html: string, address: string) => html.slice(html.indexOf(`<tr data-address="${address}">`), html.indexOf('</tr>', html.indexOf(`<tr data-address="${address}">`)));

describe('GET /admin/campaigns/:slug (delivery per target)', () => {
  it('has a row per target and the campaign inbox: waiting, next send from the throttle, sent, delivered', async () => {
    const { c, cookie } = await setup();
    const html = await (await adminGet(`/admin/campaigns/${c.slug}`, { cookie })).text();
    expect(html).toContain('<caption>Delivery per recipient (forwarded messages)</caption>');
    const embassy = rowOf(html, c.targets[0]!.email);
    expect(embassy).toContain(`<a href="/admin/campaigns/${c.slug}/deliveries?to=${encodeURIComponent(c.targets[0]!.email)}">Embassy 0</a>`);
    expect(embassy).toContain('<td data-waiting="true">1</td>');
    // Two an hour: the second message goes half an hour after the first.
    expect(embassy).toMatch(/<td data-waiting="true">1<\/td><td>\d\d:\d\d UTC<\/td><td data-sent="true">1<\/td><td data-delivered="true">1<\/td>/);
    expect(rowOf(html, c.mail.to)).toContain('Campaign inbox');
    expect(rowOf(html, c.targets[1]!.email)).toContain('<td data-waiting="true">0</td><td>—</td><td data-sent="true">0</td>');
  });

  it('answers the same per address in the organisers’ JSON', async () => {
    const { c } = await setup();
    const res = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${c.slug}/deliveries`, { headers: { authorization: `Bearer ${await makeToken(c.slug)}` } });
    const body = await res.json<{ addresses: { key: string; waiting: number; sent: number; delivered: number; nextAt: number | null }[]; holds: unknown[] }>();
    expect(body.addresses.find((a) => a.key === `to:${c.targets[0]!.email}`)).toMatchObject({ waiting: 1, sent: 1, delivered: 1, nextAt: expect.any(Number) });
    expect(body.holds).toEqual([]);
  });
});

describe('GET /admin/campaigns/:slug/deliveries', () => {
  it('lists each forwarded message with recipient, state, times and attempts, and never its text', async () => {
    const { c, cookie } = await setup();
    const res = await adminGet(`/admin/campaigns/${c.slug}/deliveries`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    const rows = html.match(/<tr data-message="c\d+:s\d+\.\d+:(campaign|target)">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.includes(`<td>${c.targets[0]!.email}</td><td data-state="true">delivered</td>`))).toHaveLength(1);
    expect(rows.filter((r) => r.includes(`<td>${c.targets[0]!.email}</td><td data-state="true">waiting</td>`))).toHaveLength(1);
    expect(html).not.toContain('Message number');
    const only = await (await adminGet(`/admin/campaigns/${c.slug}/deliveries?to=${encodeURIComponent(c.targets[0]!.email)}`, { cookie })).text();
    expect(only.match(/<tr data-message="[^"]+">/g)).toHaveLength(2);
    expect(only).toContain(`<h1>Messages to ${c.targets[0]!.email}</h1>`);
  });

  it('pages by outbox key, newest signatures first', async () => {
    const { c, cookie } = await setup();
    const keysOf = (html: string) => [...html.matchAll(/<tr data-message="([^"]+)">/g)].map((m) => m[1]!);
    const all = keysOf(await (await adminGet(`/admin/campaigns/${c.slug}/deliveries`, { cookie })).text());
    const sigOf = (key: string) => Number(/:s(\d+)\./.exec(key)?.[1]);
    expect(all.map(sigOf)).toEqual([...all.map(sigOf)].sort((a, b) => b - a));
    const rest = keysOf(await (await adminGet(`/admin/campaigns/${c.slug}/deliveries?before=${encodeURIComponent(all[0]!)}`, { cookie })).text());
    expect(rest).toEqual(all.slice(1));
  });

  it('refuses a bad filter with 422 and another campaign’s organiser with 403', async () => {
    const { c, cookie } = await setup();
    expect((await adminGet(`/admin/campaigns/${c.slug}/deliveries?to=%3Cscript%3E`, { cookie })).status).toBe(422);
    expect((await adminGet(`/admin/campaigns/${c.slug}/deliveries?before=-1`, { cookie })).status).toBe(422);
    expect((await adminGet(`/admin/campaigns/${c.slug}/deliveries?before=${encodeURIComponent("c1:s1.1:target' OR 1")}`, { cookie })).status).toBe(422);
    const other = await setup();
    expect((await adminGet(`/admin/campaigns/${c.slug}/deliveries`, { cookie: other.cookie })).status).toBe(403);
    expect((await adminGet(`/admin/campaigns/${c.slug}/deliveries`)).status).not.toBe(200);
  });
});
