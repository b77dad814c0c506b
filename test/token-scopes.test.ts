import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminGet, adminPost, adminSession, makeToken, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, unique } from './helpers';

/** Issue 24.3: a token does what its label says, and the log says which token did what. */
const ADMIN = 'admin@example.org';
let admin = '';
let csrf = '';

beforeAll(async () => {
  ({ cookie: admin, csrf } = await adminSession(ADMIN));
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function putFile(slug: string, token: string, file: unknown): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/api/admin/campaigns/${slug}`, { method: 'PUT', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(file) });
}

async function storedFile(slug: string, token: string): Promise<Record<string, unknown> & { organisers: string[]; mail: Record<string, unknown>; targets: Record<string, unknown>[] }> {
  return (await adminGet(`/api/admin/campaigns/${slug}`, bearer(token))).json();
}

const lastAudit = (slug: string) =>
  env.DB.prepare('SELECT a.actor, a.action, a.detail FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1 ORDER BY a.id DESC LIMIT 1')
    .bind(slug)
    .first<{ actor: string; action: string; detail: string }>();

describe('POST /admin/campaigns/:slug/tokens', () => {
  it('re-renders the team page with a message when no scope is chosen, and makes nothing', async () => {
    const c = await createCampaign();
    const res = await adminPost(`/admin/campaigns/${c.slug}/tokens`, admin, { _csrf: csrf, label: 'no scope' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<span class="field-error" id="token-scope-error">Choose what the token may do.</span>');
    expect(await env.DB.prepare("SELECT count(*) AS n FROM api_tokens WHERE label = 'no scope'").first('n')).toBe(0);
  });

  it('stores the scope chosen, lists it and logs it', async () => {
    const c = await createCampaign();
    const res = await adminPost(`/admin/campaigns/${c.slug}/tokens`, admin, { _csrf: csrf, label: 'weekly export', scope: 'read' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/#\d+ weekly export · reads and exports · made/);
    expect(await env.DB.prepare("SELECT scope FROM api_tokens WHERE label = 'weekly export' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)").bind(c.slug).first('scope')).toBe('read');
    expect(await lastAudit(c.slug)).toEqual({ actor: ADMIN, action: 'token.create', detail: '{"label":"weekly export","scope":"read"}' });
  });

  it('is not for tokens: a bearer token can neither make nor revoke one (sent to sign in, nothing stored)', async () => {
    const c = await createCampaign();
    const token = await makeToken(c.slug, 'editor', 'edit');
    const before = await env.DB.prepare('SELECT count(*) AS n, count(revoked_at) AS r FROM api_tokens').first();
    for (const path of [`/admin/campaigns/${c.slug}/tokens`, `/admin/campaigns/${c.slug}/tokens/1/revoke`]) {
      const res = await SELF.fetch(`${ORIGIN}${path}`, { method: 'POST', redirect: 'manual', headers: { ...bearer(token), origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: 'label=x&scope=edit' });
      expect([res.status, res.headers.get('location')]).toEqual([303, '/admin']);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n, count(revoked_at) AS r FROM api_tokens').first()).toEqual(before);
  });
});

describe('a token made to read', () => {
  it('exports, and is refused (403) every write, which changes nothing', async () => {
    const c = await createCampaign();
    const token = await makeToken(c.slug, 'weekly export', 'read');
    expect((await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv`, bearer(token))).status).toBe(200);
    const file = await storedFile(c.slug, token);
    const res = await putFile(c.slug, token, { ...file, title: 'Taken over' });
    expect(res.status).toBe(403);
    expect((await res.json<{ error: { message: string } }>()).error.message).toBe('This API token was made to read and export only; make one that may edit content.');
    const spam = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${c.slug}/spam`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: '{}' });
    expect(spam.status).toBe(403);
    expect((await storedFile(c.slug, token)).title).toBe(c.title);
  });
});

describe('PUT /api/admin/campaigns/:slug with a token made to edit', () => {
  it('edits content but cannot change who organises the campaign (403, nothing stored)', async () => {
    const owner = `${unique('owner')}@example.org`;
    const c = await createCampaign({ organisers: [owner] });
    const token = await makeToken(c.slug, 'site sync', 'edit');
    const file = await storedFile(c.slug, token);
    for (const organisers of [['attacker@example.org'], [owner, 'attacker@example.org'], []]) {
      const res = await putFile(c.slug, token, { ...file, title: 'Taken over', organisers });
      expect(res.status).toBe(403);
      expect((await res.json<{ error: { message: string } }>()).error.message).toBe('An API token cannot change who organises a campaign: do that signed in, on the team page.');
    }
    expect(await storedFile(c.slug, token)).toMatchObject({ title: c.title, organisers: [owner] });
    expect((await putFile(c.slug, token, { ...file, title: 'A better title' })).status).toBe(200);
    expect((await storedFile(c.slug, token)).title).toBe('A better title');
  });

  it("logs the token's label and the addresses and targets before → after", async () => {
    const c = await createCampaign();
    const token = await makeToken(c.slug, 'site sync', 'edit');
    const file = await storedFile(c.slug, token);
    const [first, ...rest] = file.targets;
    const changed = { ...file, mail: { ...file.mail, to: 'new-inbox@example.org', cc: ['copy@example.org'] }, targets: [{ ...first, email: 'moved@example.org' }, ...rest] };
    expect((await putFile(c.slug, token, changed)).status).toBe(200);
    const entry = await lastAudit(c.slug);
    const tokenId = await env.DB.prepare("SELECT id FROM api_tokens WHERE label = 'site sync' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)").bind(c.slug).first<number>('id');
    expect(entry?.actor).toBe(`token:${tokenId} "site sync"`);
    expect(JSON.parse(entry?.detail ?? '{}')).toEqual({
      fields: ['mail', 'targets'],
      changes: {
        'mail.to': { before: c.mail.to, after: 'new-inbox@example.org' },
        'mail.cc': { added: ['copy@example.org'], removed: c.mail.cc },
        targets: [{ id: first?.id, before: first?.email, after: 'moved@example.org' }],
      },
    });
  });
});

describe('POST /admin/campaigns/:slug/organisers/remove', () => {
  it('ends the removed organiser\'s sessions and logs who went', async () => {
    const gone = `${unique('gone')}@example.org`;
    const c = await createCampaign({ organisers: [gone] });
    const cookie = await signIn(gone);
    expect((await adminGet(`/admin/campaigns/${c.slug}`, { cookie })).status).toBe(200);
    expect((await adminPost(`/admin/campaigns/${c.slug}/organisers/remove`, admin, { _csrf: csrf, email: gone })).status).toBe(303);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE email = ?1').bind(gone).first('n')).toBe(0);
    const res = await adminGet('/admin', { cookie });
    expect(await res.text()).not.toContain(gone);
    const entry = await lastAudit(c.slug);
    expect([entry?.actor, entry?.action, JSON.parse(entry?.detail ?? '{}').changes]).toEqual([ADMIN, 'organiser.remove', { organisers: { added: [], removed: [gone] } }]);
  });
});
