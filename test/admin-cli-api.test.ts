import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { plainFileHash, saveCampaignFile } from '../src/flows/campaign-save';
import type { CampaignFile } from '../src/schemas/campaign-file';
import { makeToken } from './admin-helpers';
import { createCampaign, ORIGIN, unique } from './helpers';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789abcdefghijklmnop' };

function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
}

const hashOf = async (slug: string) => env.DB.prepare('SELECT source_hash FROM campaigns WHERE slug = ?1').bind(slug).first<string>('source_hash');

describe('ADMIN_TOKEN on the admin API (the first campaign without SQL)', () => {
  it('POST /api/admin/campaigns creates a campaign with the ADMIN_TOKEN, storing the file\'s plain hash when it comes from a file', async () => {
    const file = { ...(await createCampaign()), slug: unique('boot') };
    const res = await call('POST', '/api/admin/campaigns', { ...ADMIN, 'x-campaign-source': 'file' }, file);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ slug: file.slug });
    const stored = await (await call('GET', `/api/admin/campaigns/${file.slug}`, ADMIN)).json<CampaignFile>();
    expect(await hashOf(file.slug)).toBe(await plainFileHash(stored));
    const log = await env.DB.prepare("SELECT actor, action FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1").bind(file.slug).all();
    expect(log.results).toEqual([{ actor: 'admin-token', action: 'campaign.create' }]);
  });

  it('refuses a campaign\'s own token for creating (403), and a token that is not one (401)', async () => {
    const other = await createCampaign();
    const file = { ...other, slug: unique('boot') };
    const own = await call('POST', '/api/admin/campaigns', { authorization: `Bearer ${await makeToken(other.slug)}` }, file);
    expect(own.status).toBe(403);
    const wrong = await call('POST', '/api/admin/campaigns', { authorization: `Bearer ${'x'.repeat(43)}` }, file);
    expect(wrong.status).toBe(401);
    expect(await env.DB.prepare('SELECT 1 FROM campaigns WHERE slug = ?1').bind(file.slug).first()).toBeNull();
  });
});

describe('GET/PUT /api/admin/campaigns/:slug for `push --url`', () => {
  it('answers the stored hash as ETag; a PUT with If-Match of an older hash is a 409 that writes nothing', async () => {
    const file = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(file.slug)}` };
    const got = await call('GET', `/api/admin/campaigns/${file.slug}`, auth);
    expect(got.headers.get('etag')).toBe(`"${await hashOf(file.slug)}"`);
    await saveCampaignFile(env.DB, { file: { ...file, title: 'In the browser' }, before: file, actor: 'a@example.org', action: 'campaign.edit' });
    const stale = await call('PUT', `/api/admin/campaigns/${file.slug}`, { ...auth, 'if-match': got.headers.get('etag') ?? '', 'x-campaign-source': 'file' }, { ...file, goal: 5 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'conflict' } });
    expect(await env.DB.prepare('SELECT goal, title FROM campaigns WHERE slug = ?1').bind(file.slug).first()).toEqual({ goal: file.goal, title: 'In the browser' });
  });

  it('a PUT of the stored file from a file replaces the browser\'s `web:` hash with the plain one, changing no field', async () => {
    const file = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(file.slug)}` };
    await saveCampaignFile(env.DB, { file: { ...file, title: 'In the browser' }, before: file, actor: 'a@example.org', action: 'campaign.edit' });
    const got = await call('GET', `/api/admin/campaigns/${file.slug}`, auth);
    expect(got.headers.get('etag')).toMatch(/^"web:[0-9a-f]{64}"$/);
    const stored = await got.json<CampaignFile>();
    const put = await call('PUT', `/api/admin/campaigns/${file.slug}`, { ...auth, 'if-match': got.headers.get('etag') ?? '', 'x-campaign-source': 'file' }, stored);
    expect(await put.json()).toEqual({ slug: file.slug, changed: [] });
    expect(await hashOf(file.slug)).toBe(await plainFileHash(stored));
  });
});

describe('/api/admin/campaigns/:slug/tokens', () => {
  it('makes a token (201, shown once), lists it, revokes it once and answers 404 for a second revoke or an unknown id', async () => {
    const file = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(file.slug, 'first')}` };
    // A campaign's own token may list tokens, never make or revoke one (issue 24.3): the operator's may.
    expect((await call('POST', `/api/admin/campaigns/${file.slug}/tokens`, auth, { label: 'sneaky' })).status).toBe(403);
    const made = await call('POST', `/api/admin/campaigns/${file.slug}/tokens`, ADMIN, { label: 'weekly export' });
    expect(made.status).toBe(201);
    const { id, token } = await made.json<{ id: number; token: string }>();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await call('GET', `/api/admin/campaigns/${file.slug}`, { authorization: `Bearer ${token}` })).status).toBe(200);
    const list = await (await call('GET', `/api/admin/campaigns/${file.slug}/tokens`, auth)).json<{ tokens: { id: number; label: string }[] }>();
    expect(list.tokens.map((t) => t.label)).toEqual(['weekly export', 'first']);
    expect((await call('DELETE', `/api/admin/campaigns/${file.slug}/tokens/${id}`, auth)).status).toBe(403);
    expect((await call('DELETE', `/api/admin/campaigns/${file.slug}/tokens/${id}`, ADMIN)).status).toBe(200);
    expect((await call('GET', `/api/admin/campaigns/${file.slug}`, { authorization: `Bearer ${token}` })).status).toBe(401);
    const again = await call('DELETE', `/api/admin/campaigns/${file.slug}/tokens/${id}`, ADMIN);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'not_found', message: 'There is no live API token with this id for this campaign.' } });
    expect((await call('DELETE', `/api/admin/campaigns/${file.slug}/tokens/999999`, ADMIN)).status).toBe(404);
    const revokes = await env.DB.prepare("SELECT count(*) AS n FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1 AND action = 'token.revoke'").bind(file.slug).first('n');
    expect(revokes).toBe(1);
  });

  it('answers 404 for a campaign that does not exist, and 403 for another campaign\'s token', async () => {
    const a = await createCampaign();
    const b = await createCampaign();
    expect((await call('GET', `/api/admin/campaigns/${unique('none')}/tokens`, ADMIN)).status).toBe(404);
    expect((await call('GET', `/api/admin/campaigns/${b.slug}/tokens`, { authorization: `Bearer ${await makeToken(a.slug)}` })).status).toBe(403);
  });
});

describe('GET /api/admin/campaigns/:slug/ledger', () => {
  it('pages the leaves by day and place in the day’s tree, with the sealed days on the first page', async () => {
    const file = await createCampaign();
    const id = await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(file.slug).first<number>('id');
    const leaf = (n: number) => n.toString(16).padStart(64, '0');
    const rows = Array.from({ length: 3 }, (_, n) => env.DB.prepare(
      'INSERT INTO ledger_leaves (receipt_id, campaign_id, target, day, text_sha256, leaf, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)',
    ).bind(crypto.randomUUID().replace(/-/g, ''), id, 'fr-paris', '2026-01-0' + (n + 1), leaf(9), leaf(n + 1), Date.now()));
    await env.DB.batch(rows);
    const res = await call('GET', `/api/admin/campaigns/${file.slug}/ledger`, ADMIN);
    const page = await res.json<{ leaves: { day: string }[]; sealed: unknown[]; next: string | null }>();
    expect(page.leaves.map((l) => l.day)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(page).toMatchObject({ sealed: [], next: null });
    const after = await (await call('GET', `/api/admin/campaigns/${file.slug}/ledger?after=2026-01-02~0`, ADMIN)).json<{ leaves: { day: string }[] }>();
    expect(after.leaves.map((l) => l.day)).toEqual(['2026-01-03']);
    expect((await call('GET', `/api/admin/campaigns/${file.slug}/ledger?after=nope`, ADMIN)).status).toBe(422);
    expect((await call('GET', `/api/admin/campaigns/${file.slug}/ledger?after=2026-01-02~${leaf(2)}`, ADMIN)).status).toBe(422);
  });
});
