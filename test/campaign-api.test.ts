import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignFile } from '../src/schemas/campaign-file';
import { csrfOf, makeToken, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, unique } from './helpers';

let admin = '';
let adminCsrf = '';

beforeAll(async () => {
  admin = await signIn('admin@example.org');
  adminCsrf = await csrfOf(admin);
});

function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe('GET/PUT /api/admin/campaigns/:slug', () => {
  it('hands back the campaign file; a PUT of it changes nothing; a PUT of a new goal changes that and logs it', async () => {
    const created = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(created.slug)}` };
    const got = await (await call('GET', `/api/admin/campaigns/${created.slug}`, auth)).json<CampaignFile>();
    expect(got).toEqual(created);
    const same = await call('PUT', `/api/admin/campaigns/${created.slug}`, auth, got);
    expect(await same.json()).toEqual({ slug: created.slug, changed: [] });
    const changed = await call('PUT', `/api/admin/campaigns/${created.slug}`, auth, { ...got, goal: 4321 });
    expect(await changed.json()).toEqual({ slug: created.slug, changed: ['goal'] });
    const count = await (await SELF.fetch(`${ORIGIN}/api/campaigns/${created.slug}/count`)).json<{ goal: number }>();
    expect(count.goal).toBe(4321);
    const log = await env.DB.prepare("SELECT actor, detail FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1").bind(created.slug).all();
    expect(log.results).toEqual([{ actor: expect.stringMatching(/^token:\d+ "test"$/), detail: '{"fields":["goal"]}' }]);
    expect(await env.DB.prepare('SELECT source_hash FROM campaigns WHERE slug = ?1').bind(created.slug).first('source_hash')).toMatch(/^web:[0-9a-f]{64}$/);
  });

  it('rebuilds the file from the columns for a campaign pushed before migration 0007', async () => {
    const created = await createCampaign({ closesAt: '2030-01-02T03:04:05.000Z', image: '/images/zhanaozen-solidarity.png' });
    await env.DB.prepare('UPDATE campaigns SET file = NULL WHERE slug = ?1').bind(created.slug).run();
    const auth = { authorization: `Bearer ${await makeToken(created.slug)}` };
    const got = await (await call('GET', `/api/admin/campaigns/${created.slug}`, auth)).json<CampaignFile>();
    expect(got).toEqual({ ...created, organisers: [...created.organisers].sort() });
  });

  it('answers 422 naming each bad field, and stores nothing', async () => {
    const created = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(created.slug)}` };
    const res = await call('PUT', `/api/admin/campaigns/${created.slug}`, auth, { ...created, goal: 0, title: '', slug: created.slug, colour: 'red' });
    expect(res.status).toBe(422);
    const { error } = await res.json<{ error: { code: string; issues: { field: string; message: string }[] } }>();
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual(expect.arrayContaining([{ field: 'goal', message: 'must be at least 1 (got 0)' }, { field: 'title', message: 'must not be empty' }]));
    expect(error.issues.map((i) => i.field)).toContain('colour');
    expect(await env.DB.prepare('SELECT goal FROM campaigns WHERE slug = ?1').bind(created.slug).first('goal')).toBe(created.goal);
  });

  it('refuses another slug in the body (422) and a session without its CSRF header (403)', async () => {
    const created = await createCampaign({ organisers: ['admin@example.org'] });
    const auth = { authorization: `Bearer ${await makeToken(created.slug)}` };
    expect((await call('PUT', `/api/admin/campaigns/${created.slug}`, auth, { ...created, slug: unique('x') })).status).toBe(422);
    expect((await call('PUT', `/api/admin/campaigns/${created.slug}`, { cookie: admin }, created)).status).toBe(403);
    expect((await call('PUT', `/api/admin/campaigns/${created.slug}`, { cookie: admin, 'x-csrf-token': adminCsrf }, { ...created, title: 'By session' })).status).toBe(200);
  });
});

describe('POST /api/admin/campaigns', () => {
  it('creates a campaign for an admin session (201) and refuses a taken slug (409)', async () => {
    const model = await createCampaign();
    const file = { ...model, slug: unique('api') };
    const res = await call('POST', '/api/admin/campaigns', { cookie: admin, 'x-csrf-token': adminCsrf }, file);
    expect(res.status).toBe(201);
    expect(await env.DB.prepare('SELECT title FROM campaigns WHERE slug = ?1').bind(file.slug).first('title')).toBe(model.title);
    const again = await call('POST', '/api/admin/campaigns', { cookie: admin, 'x-csrf-token': adminCsrf }, { ...file, title: 'Overwritten?' });
    expect(again.status).toBe(409);
    expect(await env.DB.prepare('SELECT title FROM campaigns WHERE slug = ?1').bind(file.slug).first('title')).toBe(model.title);
  });

  it('refuses an organiser who is no admin (403)', async () => {
    const email = `${unique('o')}@example.org`;
    await createCampaign({ organisers: [email] });
    const cookie = await signIn(email);
    const res = await call('POST', '/api/admin/campaigns', { cookie, 'x-csrf-token': await csrfOf(cookie) }, {});
    expect(res.status).toBe(403);
  });
});
