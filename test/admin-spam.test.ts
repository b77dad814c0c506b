import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../src/email/drain';
import { mailConfig } from '../src/email/index';
import { confirm } from '../src/flows/signing';
import { readLinkToken } from '../src/lib/link-token';
import { adminGet, adminPost, csrfOf, makeToken, signIn } from './admin-helpers';
import { seedPending } from './delivery-helpers';
import { countOf, createCampaign, ORIGIN, unique } from './helpers';

const NET = 'ab'.repeat(32); // a keyed IP hash: 64 hex digits

/** A campaign with addresses of its own, its signed-in organiser and the session's CSRF token. */
async function setup() {
  const email = `${unique('org')}@example.org`;
  const tag = unique('s');
  const c = await createCampaign({
    organisers: [email],
    mail: { senderName: 'Solidarity', to: `inbox-${tag}@example.org`, cc: [], forward: 'each', targetPerHour: 30, campaignPerHour: 600 },
    targets: [{ id: 't0', name: 'Embassy', country: 'FR', email: `embassy-${tag}@example.org` }],
  });
  const cookie = await signIn(email);
  const path = `/admin/campaigns/${c.slug}`;
  return { c, email, cookie, csrf: await csrfOf(cookie, path), path, embassy: `embassy-${tag}@example.org`, inbox: `inbox-${tag}@example.org` };
}

/** Confirmed signatures from these addresses, in order, through the real confirm flow; their ids. */
async function signed(slug: string, emails: string[], ipHash: string | null = null): Promise<number[]> {
  const tokens = await seedPending(slug, emails.length, (i) => ({ target: 't0', email: emails[i] }));
  const ids: number[] = [];
  for (const t of tokens) {
    await confirm(env.DB, t);
    const { id } = (await readLinkToken(t))!;
    await env.DB.prepare('UPDATE signatures SET ip_hash = ?2 WHERE id = ?1').bind(id, ipHash).run();
    ids.push(id);
  }
  return ids;
}

const bots = (n: number) => Array.from({ length: n }, (_, i) => `bot${i}-${unique('b')}@bots.example`);

/** The pending mail of a signature to an address: its next attempt, or null. */
const due = (id: number, address: string) =>
  env.DB.prepare(`SELECT next_attempt_at FROM outbox WHERE signature_id = ?1 AND to_addrs = json_array(?2) AND status = 'pending'`).bind(id, address).first<number>('next_attempt_at');
const statusOf = (id: number) => env.DB.prepare('SELECT status FROM signatures WHERE id = ?1').bind(id).first<string>('status');

describe('POST /admin/campaigns/:slug/spam', () => {
  it('marks 40 bot signatures as spam at once: uncounted once, their mail dropped, the real protest behind them goes at once, one log row', async () => {
    const s = await setup();
    const botIds = await signed(s.c.slug, bots(40), NET);
    const [real] = await signed(s.c.slug, [`real-${unique('r')}@example.org`]);
    // Forty bot messages wait for the embassy's budget (one every 2 minutes) in front of the real one.
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE throttle_key = ?1 AND status = 'pending'`).bind(`to:${s.embassy}`).first('n')).toBe(41);
    expect(await countOf(s.c.slug)).toBe(41);

    const preview = await adminGet(`${s.path}/spam?domain=bots.example`, { cookie: s.cookie });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('40 signatures match (40 confirmed).');
    // The stretch looked at ends at the campaign's newest signature (the real one): nothing newer is taken.
    expect(html).toContain(`name="upTo" value="${real}"`);
    expect(html).toContain(`name="lowest" value="${botIds[0]}"`); // the campaign's first signature: no stretch goes below it
    expect(await countOf(s.c.slug)).toBe(41); // a preview changes nothing

    const before = Date.now();
    const res = await adminPost(`${s.path}/spam`, s.cookie, { _csrf: s.csrf, domain: 'bots.example', network: '', from: '', to: '', upTo: String(botIds[39]) });
    const after = Date.now();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${s.path}#log-heading`);
    expect(await countOf(s.c.slug)).toBe(1);
    const { results: statuses } = await env.DB.prepare(`SELECT status, moderation, count(*) AS n FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) GROUP BY status, moderation`).bind(s.c.slug).all();
    expect(statuses).toEqual([{ status: 'confirmed', moderation: 'unreviewed', n: 1 }, { status: 'spam', moderation: 'hidden', n: 40 }]);
    const { results: mail } = await env.DB.prepare(`SELECT signature_id AS id, status FROM outbox WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(s.c.slug).all();
    // The real protest's two forwards (its receipt follows the first one sent); nothing of the bots'.
    expect(mail).toEqual([{ id: real, status: 'pending' }, { id: real, status: 'pending' }]);

    // Due since it was written: nothing was re-spaced, and now nothing waits in front of it.
    expect(await due(real!, s.embassy)).toBeLessThan(before);
    expect(await due(real!, s.inbox)).toBeLessThan(before);

    const { results: log } = await env.DB.prepare(`SELECT action, actor, signature_id, previous FROM moderation_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(s.c.slug).all();
    expect(log).toEqual([{ action: 'spam', actor: s.email, signature_id: null, previous: 'bulk domain=bots.example: 40' }]);
    const dashboard = await (await adminGet(s.path, { cookie: s.cookie })).text();
    expect(dashboard).toContain('spam (all matching domain=bots.example: 40)');

    // The real protest goes out at once: exactly one message reaches the embassy.
    await drainOutbox(env.DB, mailConfig(env), { now: () => after });
    const sent = await env.DB.prepare(`SELECT count(*) AS n FROM dev_mailbox WHERE to_addrs = json_array(?1)`).bind(s.embassy).first<number>('n');
    expect(sent).toBe(1);
  });

  it('takes nothing signed after the preview, and nothing of another campaign', async () => {
    const s = await setup();
    const other = await setup();
    const [early] = await signed(s.c.slug, bots(1));
    const [elsewhere] = await signed(other.c.slug, bots(1));
    const [late] = await signed(s.c.slug, bots(1));
    const res = await adminPost(`${s.path}/spam`, s.cookie, { _csrf: s.csrf, domain: 'bots.example', upTo: String(early) });
    expect(res.status).toBe(303);
    expect([await statusOf(early!), await statusOf(late!), await statusOf(elsewhere!)]).toEqual(['spam', 'confirmed', 'confirmed']);
    expect(await countOf(s.c.slug)).toBe(1);
    expect(await countOf(other.c.slug)).toBe(1);
  });

  it('marks by network and by time window, every given part matching', async () => {
    const s = await setup();
    const [a, b] = await signed(s.c.slug, [`a-${unique()}@example.org`, `b-${unique()}@example.org`], NET);
    const [c] = await signed(s.c.slug, [`c-${unique()}@example.org`], 'cd'.repeat(32));
    await env.DB.prepare('UPDATE signatures SET created_at = ?2 WHERE id = ?1').bind(a, Date.UTC(2026, 5, 16, 8, 30)).run();
    const preview = await (await adminGet(`${s.path}/spam?network=${NET.slice(0, 12)}&from=2026-06-16T08:00&to=2026-06-16T09:00`, { cookie: s.cookie })).text();
    expect(preview).toContain('1 signature matches (1 confirmed).');
    await adminPost(`${s.path}/spam`, s.cookie, { _csrf: s.csrf, network: NET.slice(0, 12), from: '2026-06-16T08:00', to: '2026-06-16T09:00', upTo: String(c) });
    expect([await statusOf(a!), await statusOf(b!), await statusOf(c!)]).toEqual(['spam', 'confirmed', 'confirmed']);
    const log = await env.DB.prepare(`SELECT previous FROM moderation_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(s.c.slug).first<string>('previous');
    expect(log).toBe(`bulk network=${NET.slice(0, 12)} from=2026-06-16T08:00Z to=2026-06-16T09:00Z: 1`);
  });

  it('refuses a form without the session CSRF token, or from another origin, and changes nothing', async () => {
    const s = await setup();
    const [id] = await signed(s.c.slug, bots(1));
    const fields = { domain: 'bots.example', upTo: String(id) };
    expect((await adminPost(`${s.path}/spam`, s.cookie, fields)).status).toBe(403);
    expect((await adminPost(`${s.path}/spam`, s.cookie, { ...fields, _csrf: s.csrf }, 'https://evil.example')).status).toBe(403);
    expect(await statusOf(id!)).toBe('confirmed');
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM moderation_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(s.c.slug).first('n')).toBe(0);
  });

  it('answers 422 for a filter that narrows nothing or a forged upTo, and changes nothing', async () => {
    const s = await setup();
    const [id] = await signed(s.c.slug, bots(1));
    const empty = await adminPost(`${s.path}/spam`, s.cookie, { _csrf: s.csrf, domain: '', network: '', from: '', to: '', upTo: String(id) });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('<span class="field-error" id="spam-domain-error">Give a domain, a network or a time window</span>');
    const forged = await adminPost(`${s.path}/spam`, s.cookie, { _csrf: s.csrf, domain: 'bots.example', upTo: '0' });
    expect(forged.status).toBe(422);
    expect(await forged.text()).toContain('upTo must be the newest signature id of the preview');
    expect(await statusOf(id!)).toBe('confirmed');
  });
});

describe('GET /admin/campaigns/:slug/spam', () => {
  it('shows the filter form alone when nothing is asked', async () => {
    const s = await setup();
    const res = await adminGet(`${s.path}/spam`, { cookie: s.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form method="get" action="' + `${s.path}/spam"`);
    expect(html).not.toContain('data-spam-matched');
  });

  it('re-renders the form with the input and a message per field (422)', async () => {
    const s = await setup();
    const res = await adminGet(`${s.path}/spam?domain=not_a_domain&network=xyz&from=2026-02-31T08:00&to=2026-06-16T08:00`, { cookie: s.cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="not_a_domain"');
    expect(html).toContain('domain must be a domain name such as bots.example');
    expect(html).toContain('network must be at least 8 characters of the IP hash (0–9, a–f)');
    expect(html).toContain('from must be a date and time such as 2026-06-16T08:00 (UTC)');
    expect(html).not.toContain('data-spam-matched');
  });

  it('refuses a window that ends before it starts', async () => {
    const s = await setup();
    const res = await adminGet(`${s.path}/spam?from=2026-06-16T09:00&to=2026-06-16T08:00`, { cookie: s.cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('to must be later than from');
  });

  it('says so when nothing matches', async () => {
    const s = await setup();
    const html = await (await adminGet(`${s.path}/spam?domain=nobody.example`, { cookie: s.cookie })).text();
    expect(html).toContain('<p data-spam-matched="0">No pending or confirmed signature matches.</p>');
    expect(html).not.toContain('name="upTo"');
  });

  it('is for the campaign’s organisers only', async () => {
    const s = await setup();
    const stranger = (await setup()).cookie; // an organiser of another campaign
    expect((await adminGet(`${s.path}/spam?domain=bots.example`, { cookie: stranger })).status).toBe(403);
    expect((await adminGet(`${s.path}/spam?domain=bots.example`)).status).toBe(303);
  });
});

describe('GET /admin/campaigns/:slug (where signatures come from)', () => {
  it('shows the top domains and networks as a short prefix of the IP hash, never the whole hash', async () => {
    const s = await setup();
    await signed(s.c.slug, bots(3), NET);
    const html = await (await adminGet(s.path, { cookie: s.cookie })).text();
    expect(html).toContain(`<a href="${s.path}/spam?domain=bots.example"><code>bots.example</code></a></th><td>3</td>`);
    expect(html).toContain(`<a href="${s.path}/spam?network=${NET.slice(0, 12)}"><code>${NET.slice(0, 12)}</code></a></th><td>3</td>`);
    expect(html).not.toContain(NET.slice(0, 13));
  });
});

describe('/api/admin/campaigns/:slug/spam', () => {
  it('previews and marks with an API token, in JSON', async () => {
    const s = await setup();
    const [id] = await signed(s.c.slug, bots(1));
    const token = await makeToken(s.c.slug);
    const auth = { authorization: `Bearer ${token}` };
    const preview = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${s.c.slug}/spam?domain=bots.example`, { headers: auth });
    expect(preview.status).toBe(200);
    // The stretch: the campaign's newest SPAM_WINDOW ids (here its one signature), nothing older (`older` null).
    expect(await preview.json()).toEqual({ matched: 1, confirmed: 1, upTo: id, lowest: id, older: null });
    const res = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${s.c.slug}/spam`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'bots.example', upTo: id }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ marked: 1 });
    expect(await statusOf(id!)).toBe('spam');
    const actor = await env.DB.prepare(`SELECT actor FROM moderation_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(s.c.slug).first<string>('actor');
    expect(actor).toMatch(/^token:\d+ "test"$/);
  });

  it('refuses a bad filter with every field named (422), and a body that is not JSON (415)', async () => {
    const s = await setup();
    const auth = { authorization: `Bearer ${await makeToken(s.c.slug)}` };
    const bad = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${s.c.slug}/spam`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'x', from: 'yesterday' }),
    });
    expect(bad.status).toBe(422);
    const body = await bad.json<{ error: { code: string; issues: { field: string }[] } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.field)).toEqual(['domain', 'from', 'upTo']);
    const text = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${s.c.slug}/spam`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
  });
});
