import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { moderationPageSql } from '../src/db/dashboard';
import { adminGet, adminPost, csrfOf, signIn } from './admin-helpers';
import { countOf, createCampaign, ORIGIN, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

async function setup(overrides: Record<string, unknown> = {}) {
  const email = `${unique('org')}@example.org`;
  const c = await createCampaign({ organisers: [email], ...overrides });
  const cookie = await signIn(email);
  return { c, email, cookie, csrf: await csrfOf(cookie) };
}

/** Signs (and, unless `pending`, confirms) with a message; returns the signature id. */
async function signed(slug: string, overrides: Record<string, unknown> = {}, pending = false): Promise<number> {
  const body = signatureBody(overrides);
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  if (!pending) await confirmAs(await tokenFor(String(body.email)), body);
  return (await env.DB.prepare('SELECT id FROM signatures WHERE email = ?1').bind(body.email).first<number>('id'))!;
}

const idsOn = (html: string) => [...html.matchAll(/<li data-signature="(\d+)"/g)].map((m) => Number(m[1]));
const page = async (cookie: string, path: string) => (await adminGet(path, { cookie })).text();
const wall = async (slug: string) => {
  const html = await (await SELF.fetch(`${ORIGIN}/c/${slug}`)).text();
  return html.slice(html.indexOf('<ol data-wall='), html.indexOf('</ol>', html.indexOf('<ol data-wall=')));
};
const logCount = (ids: number[]) =>
  env.DB.prepare(`SELECT count(*) AS n FROM moderation_log WHERE signature_id IN (SELECT value FROM json_each(?1))`).bind(JSON.stringify(ids)).first<number>('n');

describe('GET /admin/campaigns/:slug/messages', () => {
  it('filters unreviewed, on the wall, hidden and spam, newest first, times as <time> for the local zone', async () => {
    const { c, cookie, csrf } = await setup({ moderation: 'show-first' });
    const shown = await signed(c.slug, { message: 'Shown' });
    const priv = await signed(c.slug, { message: 'Private', public: false });
    const pending = await signed(c.slug, { message: 'Pending' }, true);
    const hidden = await signed(c.slug, { message: 'Hidden' });
    const spam = await signed(c.slug, { message: 'Spam' });
    await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(hidden), action: 'hide' });
    await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(spam), action: 'spam', confirm: 'yes' });
    const base = `/admin/campaigns/${c.slug}/messages`;
    expect(idsOn(await page(cookie, base))).toEqual([spam, hidden, pending, priv, shown]);
    expect(idsOn(await page(cookie, `${base}?filter=unreviewed`))).toEqual([pending, priv, shown]);
    expect(idsOn(await page(cookie, `${base}?filter=shown`))).toEqual([shown]);
    expect(idsOn(await page(cookie, `${base}?filter=hidden`))).toEqual([hidden]);
    expect(idsOn(await page(cookie, `${base}?filter=spam`))).toEqual([spam]);
    const html = await page(cookie, `${base}?filter=unreviewed`);
    expect(html).toContain(`<a href="${base}?filter=unreviewed" aria-current="page">Unreviewed</a>`);
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z" data-local="true">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
    expect(html).toContain('<script src="/admin.js" defer=""></script>');
    expect(html).toContain(`<li data-signature="${priv}" data-moderation="unreviewed" data-status="confirmed" data-on-wall="no">`);
    expect(html).toContain('Not on the wall: the supporter kept it private.');
    expect(html).toContain('Not on the wall yet: waiting for the supporter to confirm.');
  });

  it('pages by id (keyset) and keeps the filter in the links', async () => {
    const { c, cookie } = await setup();
    const ids: number[] = [];
    for (let i = 0; i < 33; i++) ids.push(await signed(c.slug, { message: `Message ${i}` }, true));
    const base = `/admin/campaigns/${c.slug}/messages?filter=unreviewed`;
    const first = await page(cookie, base);
    expect(idsOn(first)).toEqual(ids.slice(3).reverse());
    const next = ids[3]!;
    expect(first).toContain(`<a href="${base}&amp;before=${next}" rel="next">Older messages</a>`);
    const second = await page(cookie, `${base}&before=${next}`);
    expect(idsOn(second)).toEqual(ids.slice(0, 3).reverse());
    expect(second).not.toContain('rel="next"');
    expect(second).toContain(`<a href="${base}">Newest messages</a>`);
  });

  it('reads a range of the table’s key for any page, whatever the filter, also among 100,000 signatures', async () => {
    for (const filter of ['all', 'unreviewed', 'shown', 'hidden', 'spam'] as const) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${moderationPageSql(filter, 'show-first')}`).bind(1, 5, 30, 12).all<{ detail: string }>();
      expect(plan.results.map((r) => r.detail), filter).toEqual(['SEARCH signatures USING INTEGER PRIMARY KEY (rowid<?)']);
    }
    const { c, cookie } = await setup();
    await env.DB.prepare(
      `WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x + 1 < 100000)
       INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, consent_version, status, public,
         token_nonce, token_hash, token_expires_at, created_at, updated_at)
       SELECT c.id, 'm' || x || '@example.org', 'm' || x || '@example.org', 'S', 'FR', 'Paris', 'Message ' || x, '1',
         'pending', 1, 'nonce-for-a-seeded-row', printf('%064d', x), 0, 1750000000000 + x, 1750000000000
       FROM seq, campaigns c WHERE c.slug = ?1`,
    ).bind(c.slug).run();
    const deep = (await env.DB.prepare('SELECT min(id) + 40 AS id FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first<number>('id'))!;
    const started = Date.now();
    const html = await page(cookie, `/admin/campaigns/${c.slug}/messages?before=${deep}`);
    expect(idsOn(html)).toHaveLength(30);
    expect(idsOn(html)[0]).toBe(deep - 1);
    expect(Date.now() - started).toBeLessThan(2000);
  }, 60_000);

  it('refuses a bad filter (422), another campaign’s organiser (403) and nobody (303 to sign in)', async () => {
    const { c, cookie } = await setup();
    expect((await adminGet(`/admin/campaigns/${c.slug}/messages?filter=deleted`, { cookie })).status).toBe(422);
    const stranger = `${unique('org')}@example.org`;
    await createCampaign({ organisers: [stranger] });
    expect((await adminGet(`/admin/campaigns/${c.slug}/messages`, { cookie: await signIn(stranger) })).status).toBe(403);
    const anonymous = await adminGet(`/admin/campaigns/${c.slug}/messages`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/admin');
  });
});

describe('POST /admin/campaigns/:slug/messages/bulk', () => {
  it('hides the messages ticked, in one batch through the moderation log, and says so', async () => {
    const { c, cookie, csrf } = await setup({ moderation: 'show-first' });
    const [a, b, keep] = [await signed(c.slug, { message: 'First' }), await signed(c.slug, { message: 'Second' }), await signed(c.slug, { message: 'Kept' })];
    const body = new URLSearchParams([['_csrf', csrf], ['id', String(a)], ['id', String(b)], ['action', 'hide'], ['filter', 'unreviewed']]);
    const res = await SELF.fetch(`${ORIGIN}/admin/campaigns/${c.slug}/messages/bulk`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie }, body: body.toString(), redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/admin/campaigns/${c.slug}/messages?filter=unreviewed&done=hide&changed=2&onWall=0#moderation-heading`);
    const rows = await env.DB.prepare('SELECT id, moderation FROM signatures WHERE id IN (?1, ?2, ?3) ORDER BY id').bind(a, b, keep).all();
    expect(rows.results).toEqual([{ id: a, moderation: 'hidden' }, { id: b, moderation: 'hidden' }, { id: keep, moderation: 'unreviewed' }]);
    expect(await logCount([a, b, keep])).toBe(2);
    expect(await page(cookie, location)).toContain('<p class="outcome" role="status" data-outcome="hide">2 messages hidden: they are off the public wall (the signatures still count).</p>');
    const shown = await wall(c.slug);
    expect(shown).toContain('Kept');
    expect(shown).not.toContain('First');
  });

  it('"all on this page" takes the page’s messages; approving says how many are on the wall now', async () => {
    const { c, cookie, csrf } = await setup({ moderation: 'approve-first' });
    const ids = [await signed(c.slug, { message: 'One' }), await signed(c.slug, { message: 'Two', public: false }), await signed(c.slug, { message: 'Three' }, true)];
    const res = await adminPost(`/admin/campaigns/${c.slug}/messages/bulk`, cookie, { _csrf: csrf, all: 'on', action: 'approve', filter: 'all' });
    expect(res.status).toBe(422); // no page ids: nothing to take
    const form = new URLSearchParams([['_csrf', csrf], ['all', 'on'], ['action', 'approve'], ['filter', 'all'], ...ids.map((id) => ['page', String(id)])]);
    const ok = await SELF.fetch(`${ORIGIN}/admin/campaigns/${c.slug}/messages/bulk`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie }, body: form.toString(), redirect: 'manual',
    });
    const html = await page(cookie, ok.headers.get('location')!);
    expect(html).toContain('3 messages approved. On the public wall now: 1 of 3. The others stay off it: their supporters kept them private or have not confirmed yet.');
    expect(await wall(c.slug)).toContain('One');
  });

  it('marks as spam: uncounted; a signature of another campaign is left alone ("nothing changed")', async () => {
    const { c, cookie, csrf } = await setup();
    const id = await signed(c.slug, { message: 'Buy pills' });
    const other = await createCampaign();
    const theirs = await signed(other.slug, { message: 'Theirs' });
    expect(await countOf(c.slug)).toBe(1);
    const ask = await adminPost(`/admin/campaigns/${c.slug}/messages/bulk`, cookie, { _csrf: csrf, id: String(id), action: 'spam' });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Mark 1 signature as spam?');
    expect(await countOf(c.slug)).toBe(1);
    await adminPost(`/admin/campaigns/${c.slug}/messages/bulk`, cookie, { _csrf: csrf, id: String(id), action: 'spam', confirm: 'yes' });
    expect(await countOf(c.slug)).toBe(0);
    const res = await adminPost(`/admin/campaigns/${c.slug}/messages/bulk`, cookie, { _csrf: csrf, id: String(theirs), action: 'hide' });
    expect(await page(cookie, res.headers.get('location')!)).toContain('Nothing changed: the messages chosen were already so.');
    expect(await env.DB.prepare('SELECT moderation FROM signatures WHERE id = ?1').bind(theirs).first('moderation')).toBe('unreviewed');
    expect(await logCount([theirs])).toBe(0);
  });

  it('refuses no CSRF token (403), a bad action, no message or too many (422), changing nothing', async () => {
    const { c, cookie, csrf } = await setup();
    const id = await signed(c.slug);
    const url = `/admin/campaigns/${c.slug}/messages/bulk`;
    expect((await adminPost(url, cookie, { id: String(id), action: 'hide' })).status).toBe(403);
    expect((await adminPost(url, cookie, { _csrf: csrf, id: String(id), action: 'delete' })).status).toBe(422);
    expect((await adminPost(url, cookie, { _csrf: csrf, action: 'hide' })).status).toBe(422);
    const many = new URLSearchParams([['_csrf', csrf], ['action', 'hide'], ...Array.from({ length: 101 }, (_, i) => ['id', String(id + i)])]);
    const res = await SELF.fetch(`${ORIGIN}${url}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie }, body: many.toString(), redirect: 'manual' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('At most 100 messages at once');
    expect(await logCount([id])).toBe(0);
  });

  it('answers another campaign’s organiser 403 and nobody 303', async () => {
    const { c } = await setup();
    const id = await signed(c.slug);
    const stranger = `${unique('org')}@example.org`;
    await createCampaign({ organisers: [stranger] });
    const cookie = await signIn(stranger);
    expect((await adminPost(`/admin/campaigns/${c.slug}/messages/bulk`, cookie, { _csrf: await csrfOf(cookie), id: String(id), action: 'hide' })).status).toBe(403);
    expect((await adminPost(`/admin/campaigns/${c.slug}/messages/bulk`, '', { id: String(id), action: 'hide' })).status).toBe(303);
    expect(await logCount([id])).toBe(0);
  });
});

describe('Show again', () => {
  it('is offered for a hidden message the wall would show, and puts it back on the wall', async () => {
    const { c, cookie, csrf } = await setup({ moderation: 'show-first' });
    const id = await signed(c.slug, { message: 'Back on the wall' });
    const priv = await signed(c.slug, { message: 'Never public', public: false });
    for (const x of [id, priv]) await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(x), action: 'hide' });
    const hidden = await page(cookie, `/admin/campaigns/${c.slug}/messages?filter=hidden`);
    const item = (x: number) => hidden.slice(hidden.indexOf(`<li data-signature="${x}"`), hidden.indexOf('</li>', hidden.indexOf(`<li data-signature="${x}"`)));
    expect(item(id)).toContain('<button type="submit" class="small">Show again</button>');
    // Approving a private message would not show it: the button does not say it would.
    expect(item(priv)).toContain('<button type="submit" class="small">Approve</button>');
    const res = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'approve', filter: 'hidden' });
    expect(res.headers.get('location')).toBe(`/admin/campaigns/${c.slug}/messages?filter=hidden&done=approve&changed=1&onWall=1#moderation-heading`);
    expect(await page(cookie, res.headers.get('location')!)).toContain('1 message approved. On the public wall now: 1 of 1.</p>');
    expect(await wall(c.slug)).toContain('Back on the wall');
  });
});
