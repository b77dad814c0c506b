import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { previewSpam, SPAM_WINDOW } from '../src/db/bulk-spam';
import { recountDeliveryTallies, recountTallies } from '../src/db/tally-recount';
import { rollUpTallies } from '../src/db/tallies';
import { audienceSize } from '../src/db/updates';
import app from './limits/worker';
import { csrfOf, makeToken, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, unique } from './helpers';

// Issue 25.1: every organiser page and API reads rows bounded by days, sources, countries,
// targets or the page size, never by the campaign's size; and the queue at one embassy is
// read only as far as WAITING_CAP. Two campaigns, one twice the other (both past the widest
// window, the spam preview's SPAM_WINDOW ids), read through the Worker with DEBUG_METRICS:
// the same rows, request by request.

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const debugEnv = { ...env, DEBUG_METRICS: '1' };
const DAY = 86_400_000;

/** Rows read by one request, from its Server-Timing header. */
async function rowsRead(path: string, headers: Record<string, string>): Promise<number> {
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, { headers }), debugEnv, ctx);
  await res.arrayBuffer();
  expect(res.status, path).toBe(200);
  const header = res.headers.get('server-timing') ?? '';
  const read = /d1-rows-read;desc="?(\d+)/.exec(header)?.[1];
  expect(read, header).toBeDefined();
  return Number(read);
}

/**
 * A campaign of `n` signatures written straight into D1, shaped as the scale bench's: 90%
 * confirmed over 30 days, five mail domains, a wall; each confirmed one's copy to the
 * campaign sent and delivered; `queued` forwards waiting at embassy t0; an update sent to a
 * third of them. The summaries are rolled up to date, as the cron keeps them.
 */
async function seeded(n: number, queued: number) {
  const email = `${unique('org')}@example.org`;
  const c = await createCampaign({ organisers: [email], targets: [{ id: 't0', name: 'Embassy 0', country: 'FR', email: `embassy-${unique('e')}@example.org` }] });
  const campaign = (await env.DB.prepare('SELECT id, mail_to FROM campaigns WHERE slug = ?1').bind(c.slug).first<{ id: number; mail_to: string }>())!;
  const target = (await env.DB.prepare('SELECT id, email FROM targets WHERE campaign_id = ?1').bind(campaign.id).first<{ id: number; email: string }>())!;
  const now = Date.now();
  const start = now - 30 * DAY;
  await env.DB.prepare(
    `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?2)
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, reply_to_ok, consent_version,
       locale, status, moderation, token_nonce, token_hash, token_expires_at, ip_hash, created_at, confirmed_at, updated_at, updates_consent)
     SELECT ?1, 'seed' || x || '-' || ?1 || '@d' || (x % 5) || '.example', 'seed' || x || '-' || ?1 || '@d' || (x % 5) || '.example', 'Supporter ' || x,
       iif(x % 2 = 0, 'KZ', 'GB'), 'City', iif(x % 10 = 0, 'Solidarity ' || x, NULL), iif(x % 3 = 0, ?4, NULL), iif(x % 10 = 0, 1, 0), 0, 'test', 'en',
       iif(x % 10 = 9, 'pending', 'confirmed'), 'unreviewed', 'seed-nonce-0000000000', printf('%064x', ?1 * 1000000 + x), ?3 + 7 * ${DAY},
       printf('%012x', x % 200), ?3 + x * 1000, iif(x % 10 = 9, NULL, ?3 + x * 1000 + 60000), ?3 + x * 1000, iif(x % 3 = 1, 'updates-1', NULL)
     FROM n`,
  ).bind(campaign.id, n, start, target.id).run();
  await env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, throttle_key, status, attempts,
       next_attempt_at, created_at, sent_at, delivery, delivery_at)
     SELECT 'c' || s.campaign_id || ':s' || s.id || '.' || s.created_at || ':campaign', 'forward', s.campaign_id, s.id, 'Test', json_array(?2), 'to:' || ?2,
       'sent', 1, s.confirmed_at, s.confirmed_at, s.confirmed_at + 5000, 'delivered', s.confirmed_at + 9000
     FROM signatures s WHERE s.campaign_id = ?1 AND s.status = 'confirmed'`,
  ).bind(campaign.id, campaign.mail_to).run();
  await env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, throttle_key, status, attempts, next_attempt_at, created_at)
     SELECT 'c' || s.campaign_id || ':s' || s.id || '.' || s.created_at || ':target', 'forward', s.campaign_id, s.id, 'Test', json_array(?2), 'to:' || ?2,
       'pending', 0, ?4 + s.id, s.confirmed_at
     FROM signatures s WHERE s.campaign_id = ?1 AND s.status = 'confirmed' AND s.target_id IS NOT NULL ORDER BY s.id DESC LIMIT ?3`,
  ).bind(campaign.id, target.email, queued, now - DAY).run();
  const update = await env.DB.prepare(
    `INSERT INTO updates (campaign_id, subject, body, author, cursor, enqueued, created_at, enqueued_at) VALUES (?1, 'News', 'Thanks.', ?2, 0, 0, ?3, ?3) RETURNING id`,
  ).bind(campaign.id, email, now - DAY).first<number>('id');
  await env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, status, attempts, next_attempt_at, created_at, sent_at, delivery)
     SELECT 'c' || campaign_id || ':u' || ?2 || ':s' || id, 'update', campaign_id, id, 'Test', json_array(email), 'sent', 1, ?3, ?3, ?3, 'delivered'
     FROM signatures WHERE campaign_id = ?1 AND status = 'confirmed' AND updates_consent IS NOT NULL`,
  ).bind(campaign.id, update, now - DAY).run();
  for (let i = 0; i < 100; i++) {
    const step = await rollUpTallies(env.DB, now, { limit: 5_000 });
    if (step.arrivalRows === 0 && step.campaigns === 0) break;
  }
  const cookie = await signIn(email);
  await csrfOf(cookie);
  return { slug: c.slug, id: campaign.id, cookie: { cookie }, bearer: { authorization: `Bearer ${await makeToken(c.slug)}` } };
}

type Seeded = Awaited<ReturnType<typeof seeded>>;

/** The rows read by each organiser page and API of the campaign (the second request of each: the first warms the caches). */
async function costs(s: Seeded): Promise<Record<string, number>> {
  const admin = `/admin/campaigns/${s.slug}`;
  const api = `/api/admin/campaigns/${s.slug}`;
  const requests: [string, string, Record<string, string>][] = [
    ['dashboard', admin, s.cookie],
    ['stats API', `${api}/stats`, s.bearer],
    ['deliveries per address (API)', `${api}/deliveries`, s.bearer],
    ['deliveries per message', `${admin}/deliveries`, s.cookie],
    ['deliveries to one address', `${admin}/deliveries?to=${encodeURIComponent(`seed@nowhere.example`)}`, s.cookie],
    ['updates page', `${admin}/updates`, s.cookie],
    ['spam preview by domain', `${api}/spam?domain=d1.example`, s.bearer],
    ['spam preview by network', `${api}/spam?network=0000000000`, s.bearer],
  ];
  const out: Record<string, number> = {};
  for (const [name, path, headers] of requests) {
    await rowsRead(path, headers);
    out[name] = await rowsRead(path, headers);
  }
  return out;
}

describe('organiser pages cost the same at any size (issue 25.1)', () => {
  it('read as many rows for a campaign twice as big, and with the queue at one embassy twice as long', async () => {
    // Each measured when it is the newest campaign (ids are shared: a stretch of the newest
    // ids holds the newest campaign's signatures).
    const small = await seeded(SPAM_WINDOW + 1_000, 600);
    const a = await costs(small);
    const large = await seeded(2 * SPAM_WINDOW + 2_000, 1_200);
    const b = await costs(large);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    // The same rows, within a row or two (a summary row more or less on a page).
    for (const [name, rows] of Object.entries(b)) expect(Math.abs(rows - a[name]!), `${name}: ${a[name]} → ${rows}`).toBeLessThanOrEqual(5);
    // A few thousand rows at most: days, sources, countries, targets, a page, a window.
    for (const [name, rows] of Object.entries(b)) expect(rows, name).toBeLessThan(10_000);
    expect(a['dashboard']).toBeLessThan(8_000);
    expect(a['deliveries per message']).toBeLessThan(500);
    expect(a['updates page']).toBeLessThan(100);
    // The summaries agree with a recount.
    expect(await recountTallies(env.DB, large.id)).toEqual([]);
    expect(await recountDeliveryTallies(env.DB, large.id)).toEqual([]);
    // The queue shows as "more than" what was counted of it.
    const body = await (await app.fetch(new Request(`${ORIGIN}/api/admin/campaigns/${large.slug}/deliveries`, { headers: large.bearer }), env, ctx)).json<{
      pending: number; pendingMore: boolean; addresses: { key: string; waiting: number; waitingMore: boolean }[];
    }>();
    expect(body).toMatchObject({ pending: 250, pendingMore: true });
    expect(body.addresses.find((r) => r.waitingMore)).toMatchObject({ waiting: 250, waitingMore: true });
  }, 120_000);

  it('pages back through every forwarded message by keyset, whatever the stretch a page looks at', async () => {
    const s = await seeded(2_500, 10);
    const seen: string[] = [];
    let path: string | null = `/admin/campaigns/${s.slug}/deliveries`;
    let pages = 0;
    while (path && pages < 200) {
      const html: string = await (await app.fetch(new Request(`${ORIGIN}${path}`, { headers: s.cookie }), env, ctx)).text();
      seen.push(...[...html.matchAll(/data-message="([^"]+)"/g)].map((m) => m[1]!));
      const next: string | undefined = /<p><a href="([^"]*deliveries\?before=[^"]+)">/.exec(html)?.[1];
      path = next ? next.replace(/&amp;/g, '&') : null;
      pages++;
    }
    const total = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE campaign_id = ?1 AND kind = 'forward'`).bind(s.id).first<number>('n');
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    // Newest signatures first.
    const sig = (key: string) => Number(/:s(\d+)\./.exec(key)?.[1]);
    expect(seen.map(sig)).toEqual([...seen.map(sig)].sort((x, y) => y - x));
  }, 60_000);
});

describe('the summaries the organiser pages read (migrations 0035, 0036)', () => {
  it('the spam preview looks at a stretch of the newest and links to the one before', async () => {
    const s = await seeded(SPAM_WINDOW + 500, 0);
    const first = await previewSpam(env.DB, s.id, { domain: 'd1.example', network: null, from: null, to: null });
    expect(first.upTo! - first.lowest! + 1).toBe(SPAM_WINDOW);
    expect(first.older).toBe(first.lowest);
    const second = await previewSpam(env.DB, s.id, { domain: 'd1.example', network: null, from: null, to: null }, first.older);
    expect(second.upTo).toBe(first.lowest! - 1);
    expect(second.lowest).toBe(first.lowest! - 500); // the campaign's first signature
    // Together the two stretches are the campaign: every live signature of the domain, once.
    const live = await env.DB.prepare(`SELECT count(*) AS n FROM signatures WHERE campaign_id = ?1 AND email LIKE '%@d1.example' AND status IN ('pending', 'confirmed')`)
      .bind(s.id).first<number>('n');
    expect(first.matched + second.matched).toBe(live);
  }, 60_000);

  it('keep the updates’ audience through unsubscribing, withdrawal and erasure, as a recount does', async () => {
    const s = await seeded(300, 0);
    const count = async () =>
      (await env.DB.prepare(
        `SELECT count(*) AS n FROM signatures WHERE campaign_id = ?1 AND status = 'confirmed' AND updates_consent IS NOT NULL AND unsubscribed_at IS NULL AND email IS NOT NULL`,
      ).bind(s.id).first<number>('n'))!;
    expect(await audienceSize(env.DB, s.id)).toBe(await count());
    const ids = (await env.DB.prepare(`SELECT id FROM signatures WHERE campaign_id = ?1 AND updates_consent IS NOT NULL AND status = 'confirmed' ORDER BY id LIMIT 3`).bind(s.id).all<{ id: number }>()).results.map((r) => r.id);
    await env.DB.prepare('UPDATE signatures SET unsubscribed_at = ?2 WHERE id = ?1').bind(ids[0], Date.now()).run();
    await env.DB.prepare(`UPDATE signatures SET status = 'withdrawn', email = NULL, inbox = NULL, updates_consent = NULL WHERE id = ?1`).bind(ids[1]).run();
    await env.DB.prepare(`UPDATE signatures SET email = NULL WHERE id = ?1`).bind(ids[2]).run();
    // One opts in later (a counted row changing its choice).
    await env.DB.prepare(`UPDATE signatures SET updates_consent = 'updates-1' WHERE campaign_id = ?1 AND status = 'confirmed' AND updates_consent IS NULL AND email IS NOT NULL AND id = (SELECT min(id) FROM signatures WHERE campaign_id = ?1 AND status = 'confirmed' AND updates_consent IS NULL)`).bind(s.id).run();
    expect(await audienceSize(env.DB, s.id)).toBe(await count());
    expect(await recountTallies(env.DB, s.id)).toEqual([]);
  }, 60_000);
});
