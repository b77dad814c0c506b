import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminGet, adminPost, csrfOf, makeToken, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, unique } from './helpers';

type Who = 'admin' | 'organiser' | 'other' | 'nobody';
const ADMIN = 'admin@example.org';

let slug = '';
let cookies: Record<Exclude<Who, 'nobody'>, string>;
let csrfs: Record<Exclude<Who, 'nobody'>, string>;

beforeAll(async () => {
  const mine = `${unique('org')}@example.org`;
  const theirs = `${unique('oth')}@example.org`;
  slug = (await createCampaign({ organisers: [mine] })).slug;
  await createCampaign({ organisers: [theirs] });
  cookies = { admin: await signIn(ADMIN), organiser: await signIn(mine), other: await signIn(theirs) };
  csrfs = { admin: await csrfOf(cookies.admin), organiser: await csrfOf(cookies.organiser), other: await csrfOf(cookies.other) };
});

function request(who: Who, method: string, path: string, form?: Record<string, string>): Promise<Response> {
  const cookie = who === 'nobody' ? '' : cookies[who];
  if (method === 'GET') return adminGet(path, cookie ? { cookie } : {});
  return adminPost(path, cookie, { _csrf: who === 'nobody' ? '' : csrfs[who], ...form });
}

// Every page and form of the editor, with what each role gets: 2xx/3xx allowed, else the status.
const ROUTES: { method: string; path: (s?: string) => string; form?: Record<string, string>; expect: Record<Who, number | 'ok'> }[] = [
  { method: 'GET', path: () => '/admin/new-campaign', expect: { admin: 'ok', organiser: 403, other: 403, nobody: 303 } },
  { method: 'POST', path: () => '/admin/new-campaign', form: { slug: 'x' }, expect: { admin: 422, organiser: 403, other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/edit`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/edit`, form: { goal: 'many' }, expect: { admin: 422, organiser: 422, other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/targets.csv`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/team`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/organisers`, form: { email: 'not an address' }, expect: { admin: 422, organiser: 422, other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/organisers/remove`, form: { email: 'nobody-here@example.org' }, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/tokens/999999/revoke`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  // The dashboard's other pages and forms (sources, lookup, moderation, updates, deliveries, spam).
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/messages`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/messages/bulk`, form: { action: 'dance' }, expect: { admin: 422, organiser: 422, other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/lookup`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/lookup`, form: { email: 'not an address' }, expect: { admin: 422, organiser: 422, other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/updates`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/admin/campaigns/${s}/deliveries`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 303 } },
  { method: 'POST', path: (s = slug) => `/admin/campaigns/${s}/tokens`, form: { label: 'x'.repeat(101) }, expect: { admin: 422, organiser: 422, other: 403, nobody: 303 } },
  { method: 'GET', path: (s = slug) => `/api/admin/campaigns/${s}`, expect: { admin: 'ok', organiser: 'ok', other: 403, nobody: 401 } },
];

describe('admin routes by role (admin, organiser of this campaign, organiser of another, nobody)', () => {
  for (const route of ROUTES) {
    for (const who of ['admin', 'organiser', 'other', 'nobody'] as const) {
      it(`${route.method} ${route.path(':slug')} as ${who}: ${route.expect[who]}`, async () => {
        const res = await request(who, route.method, route.path(), route.form);
        const want = route.expect[who];
        if (want === 'ok') expect(res.status, await res.text()).toBeLessThan(400);
        else expect(res.status).toBe(want);
      });
    }
  }

  it('refuses a form without the session CSRF token (403) and changes nothing', async () => {
    const res = await adminPost(`/admin/campaigns/${slug}/edit`, cookies.organiser, { title: 'Hijacked' });
    expect(res.status).toBe(403);
    expect(await env.DB.prepare('SELECT title FROM campaigns WHERE slug = ?1').bind(slug).first('title')).not.toBe('Hijacked');
  });

  it('a token of another campaign cannot read or write this one; no token can create', async () => {
    const other = await createCampaign();
    const token = await makeToken(other.slug);
    const auth = { authorization: `Bearer ${token}` };
    expect((await adminGet(`/api/admin/campaigns/${slug}`, auth)).status).toBe(403);
    const put = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${slug}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    expect(put.status).toBe(403);
    const post = await SELF.fetch(`${ORIGIN}/api/admin/campaigns`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(403);
  });
});
