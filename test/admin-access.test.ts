import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { revokeTokenStatements } from '../src/db/api-tokens';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { runBatch } from '../src/db/statements';
import { drainOutbox } from '../src/email/drain';
import { mailConfig } from '../src/email/index';
import { adminGet, adminPost, csrfOf, makeToken, signIn } from './admin-helpers';
import { createCampaign, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

async function twoCampaigns() {
  const alice = `${unique('alice')}@example.org`;
  const bob = `${unique('bob')}@example.org`;
  const a = await createCampaign({ organisers: [alice] });
  const b = await createCampaign({ organisers: [bob] });
  return { alice, bob, a, b };
}

const csv = (slug: string) => `/api/admin/campaigns/${slug}/signatures.csv`;

/** Signs and confirms in `slug`, waits until its mail has gone, then marks that mail dead; returns the signature id. */
async function confirmedWithDeadMail(slug: string): Promise<number> {
  const body = signatureBody();
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  await confirmAs(await tokenFor(String(body.email)), body);
  const { id } = (await env.DB.prepare('SELECT id FROM signatures WHERE email = ?1').bind(body.email).first<{ id: number }>())!;
  // No drain may still hold a row of it under lease, or it could write after the snapshot.
  for (let i = 0; i < 200; i++) {
    await drainOutbox(env.DB, mailConfig(env), { maxMessages: 100 });
    if (!(await env.DB.prepare(`SELECT 1 FROM outbox WHERE signature_id = ?1 AND status = 'pending'`).bind(id).first())) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await env.DB.prepare(`UPDATE outbox SET status = 'dead', last_error = 'HTTP 422: injected' WHERE signature_id = ?1`).bind(id).run();
  return id;
}

/** Every stored row a moderation form of the campaign could change. */
async function campaignRows(slug: string): Promise<string> {
  const id = await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(slug).first<number>('id');
  const tables = ['signatures', 'outbox', 'moderation_log', 'campaign_counts'];
  const rows = await Promise.all(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} WHERE campaign_id = ?1`).bind(id).all().then((r) => r.results.map((x) => JSON.stringify(x)).sort())));
  return JSON.stringify(rows);
}

describe('admin authorisation', () => {
  it('without a session: pages redirect to sign-in, the API answers 401 JSON', async () => {
    const { a } = await twoCampaigns();
    const page = await adminGet(`/admin/campaigns/${a.slug}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin');
    for (const path of [csv(a.slug), `/api/admin/campaigns/${a.slug}/signatures.ndjson`, `/api/admin/campaigns/${a.slug}/deliveries`, `/api/admin/campaigns/${a.slug}/stats`]) {
      const res = await adminGet(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate'), path).toBe('Bearer realm="solidarity"');
      const requestId = res.headers.get('x-request-id');
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in or send an API token (Authorization: Bearer …).', issues: [], requestId } });
    }
  });

  it('an organiser sees their campaign and gets 403 on another one, page and API', async () => {
    const { alice, a, b } = await twoCampaigns();
    const cookie = await signIn(alice);
    expect((await adminGet(`/admin/campaigns/${a.slug}`, { cookie })).status).toBe(200);
    expect((await adminGet(csv(a.slug), { cookie })).status).toBe(200);
    const page = await adminGet(`/admin/campaigns/${b.slug}`, { cookie });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('You are not an organiser of this campaign.');
    for (const path of [csv(b.slug), `/api/admin/campaigns/${b.slug}/deliveries`]) {
      const res = await adminGet(path, { cookie });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const list = await (await adminGet('/admin', { cookie })).text();
    expect(list).toContain(`/admin/campaigns/${a.slug}`);
    expect(list).not.toContain(`/admin/campaigns/${b.slug}`);
  });

  it('a moderation form for another campaign is refused and changes nothing', async () => {
    const { alice, b } = await twoCampaigns();
    // Something for each form to change in b: a confirmed message whose mail died.
    const id = await confirmedWithDeadMail(b.slug);
    const before = await campaignRows(b.slug);
    const cookie = await signIn(alice);
    const csrf = await csrfOf(cookie);
    for (const [action, fields] of [['retry-dead', {}], ['moderate', { id: String(id), action: 'spam' }]] as const) {
      const res = await adminPost(`/admin/campaigns/${b.slug}/${action}`, cookie, { _csrf: csrf, ...fields });
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain('<p>You are not an organiser of this campaign.</p>');
    }
    expect(await campaignRows(b.slug)).toBe(before);
  });

  it('loses access, and is signed out, when the campaign file no longer lists the organiser', async () => {
    const alice = `${unique('alice')}@example.org`;
    const a = await createCampaign({ organisers: [alice, 'other@example.org'] });
    const cookie = await signIn(alice);
    expect((await adminGet(`/admin/campaigns/${a.slug}`, { cookie })).status).toBe(200);
    await runBatch(env.DB, campaignUpsertStatements({ ...a, organisers: ['other@example.org'] }, unique('hash'), Date.now()));
    // Removed by a push too, their session ends (issue 24.3): back to the sign-in page.
    const after = await adminGet(`/admin/campaigns/${a.slug}`, { cookie });
    expect([after.status, after.headers.get('location')]).toEqual([303, '/admin']);
  });

  it('pushing the same campaign file twice keeps one row per organiser', async () => {
    const alice = `${unique('alice')}@example.org`;
    const a = await createCampaign({ organisers: [alice.toUpperCase()] });
    await runBatch(env.DB, campaignUpsertStatements(a, unique('hash'), Date.now()));
    await runBatch(env.DB, campaignUpsertStatements(a, unique('hash'), Date.now()));
    const { results } = await env.DB.prepare(
      'SELECT email FROM campaign_organisers WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)',
    ).bind(a.slug).all();
    expect(results).toEqual([{ email: alice }]);
  });

  it('answers 404 for an unknown campaign', async () => {
    const { alice } = await twoCampaigns();
    const cookie = await signIn(alice);
    expect((await adminGet(csv('no-such-campaign'), { cookie })).status).toBe(404);
  });

  it('an unknown session cookie is no session', async () => {
    const { a } = await twoCampaigns();
    const res = await adminGet(csv(a.slug), { cookie: `solidarity-session=${'A'.repeat(43)}` });
    expect(res.status).toBe(401);
  });
});

describe('API tokens', () => {
  it('a bearer token reads its own campaign and gets 403 on another', async () => {
    const { a, b } = await twoCampaigns();
    const token = await makeToken(a.slug);
    const own = await adminGet(csv(a.slug), { authorization: `Bearer ${token}` });
    expect(own.status).toBe(200);
    expect((await own.text()).split('\r\n')[0]).toBe('"id","status","signed at","confirmed at","name","email","country","city","target","message","public","consent","updates","updates consent","source"');
    const deliveries = await adminGet(`/api/admin/campaigns/${a.slug}/deliveries`, { authorization: `Bearer ${token}` });
    expect(await deliveries.json()).toMatchObject({ campaign: a.slug, pending: 0, sent: 0, dead: 0, oldestPendingAt: null, lastErrors: [] });
    expect((await adminGet(csv(b.slug), { authorization: `Bearer ${token}` })).status).toBe(403);
    const used = await env.DB.prepare('SELECT last_used_at FROM api_tokens WHERE label = ?1 ORDER BY id DESC').bind('test').first<{ last_used_at: number }>();
    expect(used?.last_used_at).toBeGreaterThan(0);
  });

  it('a revoked token answers 401', async () => {
    const { a } = await twoCampaigns();
    const token = await makeToken(a.slug, 'to revoke');
    const row = await env.DB.prepare('SELECT id FROM api_tokens WHERE label = ?1').bind('to revoke').first<{ id: number }>();
    await runBatch(env.DB, revokeTokenStatements(a.slug, row!.id, Date.now()));
    const res = await adminGet(csv(a.slug), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="solidarity", error="invalid_token"');
    const requestId = res.headers.get('x-request-id');
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'This API token is not valid or was revoked.', issues: [], requestId } });
  });

  it('a malformed Authorization header answers 401, even with a valid session', async () => {
    const { alice, a } = await twoCampaigns();
    const cookie = await signIn(alice);
    expect((await adminGet(csv(a.slug), { authorization: 'Bearer nope', cookie })).status).toBe(401);
  });

  it('a token does not open dashboard pages', async () => {
    const { a } = await twoCampaigns();
    const token = await makeToken(a.slug);
    expect((await adminGet(`/admin/campaigns/${a.slug}`, { authorization: `Bearer ${token}` })).status).toBe(303);
  });

  it('an organiser revokes a token from the dashboard', async () => {
    const { alice, a } = await twoCampaigns();
    const cookie = await signIn(alice);
    const token = await makeToken(a.slug, 'dash');
    const row = await env.DB.prepare('SELECT id FROM api_tokens WHERE label = ?1').bind('dash').first<{ id: number }>();
    const page = await (await adminGet(`/admin/campaigns/${a.slug}`, { cookie })).text();
    expect(page).toContain(`action="/admin/campaigns/${a.slug}/tokens/${row!.id}/revoke"`);
    const csrf = await csrfOf(cookie);
    expect((await adminPost(`/admin/campaigns/${a.slug}/tokens/${row!.id}/revoke`, cookie, { _csrf: csrf })).status).toBe(303);
    expect((await adminGet(csv(a.slug), { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});
