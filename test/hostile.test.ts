import { env, SELF } from 'cloudflare:test';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/env';
import adminApi from '../src/routes/admin-api';
import adminDashboard from '../src/routes/admin-dashboard';
import adminLogin from '../src/routes/admin-login';
import adminSpam from '../src/routes/admin-spam';
import api from '../src/routes/api';
import embeds from '../src/routes/embeds';
import links from '../src/routes/links';
import pages from '../src/routes/pages';
import signed from '../src/routes/signed';
import { cookieOf, csrfOf, makeToken, mailedLink, requestLink, useLink } from './admin-helpers';
import { createCampaign, ORIGIN, signatureBody } from './helpers';

/**
 * The hostile-input corpus: requests across every route, each refused (a 4xx with a clear
 * message, or the sign-in redirect) and never a 5xx, with the database byte-for-byte unchanged.
 */
type Case = { name: string; request: () => Request; status: number; location?: string | (() => string) };

const fx = { slug: '', closed: '', token: '', usedLink: '', cookie: '', csrf: '' };
const url = (path: string) => `${ORIGIN}${path}`;
const json = (path: string, body: string | Uint8Array, type = 'application/json', headers: Record<string, string> = {}) =>
  new Request(url(path), { method: 'POST', headers: { 'content-type': type, ...headers }, body });
const form = (path: string, fields: Record<string, string>, origin = ORIGIN, headers: Record<string, string> = {}) =>
  new Request(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
const get = (path: string, headers: Record<string, string> = {}) => new Request(url(path), { headers, redirect: 'manual' });
/** A same-origin dashboard form with the organiser's session (and, unless given, its CSRF token). */
const dashboardForm = (path: string, fields: Record<string, string>) =>
  form(`/admin/campaigns/${fx.slug}${path}`, { _csrf: fx.csrf, ...fields }, ORIGIN, { cookie: fx.cookie });
const sign = () => `/api/campaigns/${fx.slug}/signatures`;
const body = (o: Record<string, unknown>) => JSON.stringify(signatureBody({ email: 'hostile@example.org', ...o }));
const auth = () => ({ authorization: `Bearer ${fx.token}` });

// What each text field must refuse. `line` fields refuse line breaks too; the message is multi-line.
const BAD_TEXT: Record<string, unknown> = {
  'a number': 12345,
  'an array': ['Ana'],
  'an object': { $gt: '' },
  'null': null,
  'a boolean': true,
  'NUL': 'Ana\u0000Lima',
  'a bell character': 'Ana\u0007',
  'a bidi override': 'Ana\u202egnp.exe',
  'U+FFFD (broken UTF-8)': 'Ana\ufffd',
  'a line separator': 'Ana\u2028Bcc: x@example.org',
  'oversized text': 'x'.repeat(5000),
};
const LINE_BREAKS: Record<string, string> = { 'CRLF': 'Ana\r\nBcc: victim@example.org', 'a bare LF': 'Ana\nSubject: hi', 'a bare CR': 'Ana\rX' };

function fieldCases(): Case[] {
  const cases: Case[] = [];
  for (const field of ['name', 'city', 'email', 'message', 'country', 'target']) {
    const payloads: Record<string, unknown> = { ...BAD_TEXT, ...(field === 'message' ? {} : LINE_BREAKS) };
    if (field === 'message') delete payloads['a boolean'];
    for (const [what, value] of Object.entries(payloads)) {
      if (field === 'message' && what === 'null') continue; // null is not a string: covered by the types below
      cases.push({ name: `signing: ${field} with ${what}`, request: () => json(sign(), body({ [field]: value })), status: 422 });
    }
  }
  for (const field of ['public', 'reply', 'consent']) {
    for (const value of ['yes', 2, [], {}]) {
      cases.push({ name: `signing: ${field} = ${JSON.stringify(value)}`, request: () => json(sign(), body({ [field]: value })), status: 422 });
    }
  }
  return cases;
}

const cases: Case[] = [
  ...fieldCases(),
  // Bodies
  { name: 'malformed JSON', request: () => json(sign(), '{"name": "Ana", '), status: 400 },
  { name: 'invalid UTF-8 bytes', request: () => json(sign(), new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), status: 400 },
  { name: 'deeply nested JSON', request: () => json(sign(), `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`), status: 422 },
  { name: 'a JSON string', request: () => json(sign(), '"hello"'), status: 422 },
  { name: 'a JSON number', request: () => json(sign(), '42'), status: 422 },
  { name: 'an empty body', request: () => json(sign(), ''), status: 400 },
  { name: 'prototype pollution keys', request: () => json(sign(), '{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}'), status: 422 },
  { name: 'oversized body (40 KB)', request: () => json(sign(), body({ message: 'm'.repeat(40_000) })), status: 413 },
  { name: 'text/plain', request: () => json(sign(), body({}), 'text/plain'), status: 415 },
  { name: 'application/xml', request: () => json(sign(), '<signature/>', 'application/xml'), status: 415 },
  { name: 'multipart to the JSON API', request: () => json(sign(), '--x--', 'multipart/form-data; boundary=x'), status: 415 },
  { name: 'urlencoded to the JSON API', request: () => json(sign(), 'name=Ana', 'application/x-www-form-urlencoded'), status: 415 },
  // Forms
  { name: 'form: cross-site post', request: () => form(`/c/${fx.slug}/sign`, { name: 'A' }, 'https://evil.example'), status: 403 },
  { name: 'form: no fields', request: () => form(`/c/${fx.slug}/sign`, {}), status: 422 },
  { name: 'form: CRLF in the city', request: () => form(`/c/${fx.slug}/sign`, { name: 'A', email: 'a@example.org', country: 'FR', city: 'X\r\nY', target: 'none', consent: 'on' }), status: 422 },
  { name: 'form: invalid percent-encoding', request: () => new Request(url(`/c/${fx.slug}/sign`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: 'name=%FF%FE&email=a%40example.org&country=FR&city=X&consent=on' }), status: 422 },
  { name: 'form: oversized body', request: () => form(`/c/${fx.slug}/sign`, { message: 'x'.repeat(40_000) }), status: 413 },
  // Campaigns that do not take signatures
  { name: 'unknown campaign: page', request: () => get('/c/no-such-campaign'), status: 404 },
  { name: 'unknown campaign: API sign', request: () => json('/api/campaigns/no-such-campaign/signatures', body({})), status: 404 },
  { name: 'unknown campaign: form sign', request: () => form('/c/no-such-campaign/sign', { name: 'A' }), status: 404 },
  { name: 'unknown campaign: count', request: () => get('/api/campaigns/no-such-campaign/count'), status: 404 },
  { name: 'unknown campaign: messages', request: () => get('/api/campaigns/no-such-campaign/messages'), status: 404 },
  { name: 'unknown campaign: widget form', request: () => get('/api/campaigns/no-such-campaign/form?lang=ru'), status: 404 },
  { name: 'closed campaign: widget form', request: () => get(`/api/campaigns/${fx.closed}/form`), status: 404 },
  { name: 'unknown campaign: embed', request: () => get('/c/no-such-campaign/embed'), status: 404 },
  { name: 'unknown campaign: badge', request: () => get('/c/no-such-campaign/badge.svg'), status: 404 },
  { name: 'unknown campaign: privacy', request: () => get('/c/no-such-campaign/privacy'), status: 404 },
  { name: 'SQL in the slug', request: () => get(`/c/${encodeURIComponent("x' OR '1'='1")}`), status: 404 },
  { name: 'path traversal in the slug', request: () => get('/c/..%2F..%2Fetc%2Fpasswd'), status: 404 },
  { name: 'closed campaign: API sign', request: () => json(`/api/campaigns/${fx.closed}/signatures`, body({})), status: 409 },
  { name: 'closed campaign: form sign', request: () => form(`/c/${fx.closed}/sign`, { name: 'A' }), status: 409 },
  // Tokens
  { name: 'forged signature token: page', request: () => get(`/s/${'A'.repeat(43)}`), status: 404 },
  { name: 'forged signature token: confirm', request: () => form(`/s/${'B'.repeat(43)}/confirm`, {}), status: 404 },
  { name: 'forged signature token: withdraw', request: () => form(`/s/${'C'.repeat(43)}/withdraw`, {}), status: 404 },
  { name: 'short token', request: () => get('/s/abc'), status: 404 },
  { name: 'SQL in a token', request: () => form(`/s/${encodeURIComponent("' OR 1=1 --")}/confirm`, {}), status: 404 },
  { name: 'cross-site confirm', request: () => form(`/s/${'D'.repeat(43)}/confirm`, {}, 'https://evil.example'), status: 403 },
  { name: 'replayed sign-in link: page', request: () => get(`/admin/login/${fx.usedLink}`), status: 400 },
  { name: 'replayed sign-in link: button', request: () => form(`/admin/login/${fx.usedLink}`, {}), status: 400 },
  { name: 'forged sign-in link', request: () => form(`/admin/login/${'E'.repeat(43)}`, {}), status: 400 },
  { name: 'sign-in with a bad email', request: () => form('/admin/login', { email: 'not an email\r\nBcc: x' }), status: 422 },
  { name: 'sign-in from another site', request: () => form('/admin/login', { email: 'a@example.org' }, 'https://evil.example'), status: 403 },
  // Organiser API
  { name: 'export without credentials', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv`), status: 401 },
  { name: 'export with a forged bearer token', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv`, { authorization: `Bearer ${'F'.repeat(43)}` }), status: 401 },
  { name: 'export with a malformed Authorization', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv`, { authorization: 'Basic YWRtaW46YWRtaW4=' }), status: 401 },
  { name: 'export with a forged session cookie', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv`, { cookie: `sid=${'G'.repeat(43)}` }), status: 401 },
  { name: 'export of another campaign', request: () => get(`/api/admin/campaigns/${fx.closed}/signatures.csv`, auth()), status: 403 },
  { name: 'export with SQL in status', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv?status=${encodeURIComponent("confirmed' OR 1=1")}`, auth()), status: 422 },
  { name: 'export with an impossible date', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv?since=2026-13-45`, auth()), status: 422 },
  { name: 'export with a non-date', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.ndjson?since=yesterday`, auth()), status: 422 },
  { name: 'export since a day that does not exist', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv?since=2026-02-31`, auth()), status: 422 },
  { name: 'workbook export with SQL in status', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.xlsx?status=${encodeURIComponent("x' OR 1=1")}`, auth()), status: 422 },
  { name: 'CSV export with an unknown variant', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures.csv?variant=${encodeURIComponent('excel;DROP')}`, auth()), status: 422 },
  { name: 'export page with SQL in the cursor', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures/page?after=${encodeURIComponent('0 OR 1=1')}`, auth()), status: 422 },
  { name: 'export page of a huge size', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures/page?limit=100000000`, auth()), status: 422 },
  { name: 'export page without credentials', request: () => get(`/api/admin/campaigns/${fx.slug}/signatures/page`), status: 401 },
  { name: 'export page of another campaign', request: () => get(`/api/admin/campaigns/${fx.closed}/signatures/page`, auth()), status: 403 },
  { name: 'deliveries without credentials', request: () => get(`/api/admin/campaigns/${fx.slug}/deliveries`), status: 401 },
  { name: 'deliveries with a forged bearer token', request: () => get(`/api/admin/campaigns/${fx.slug}/deliveries`, { authorization: `Bearer ${'H'.repeat(43)}` }), status: 401 },
  { name: 'stats of another campaign', request: () => get(`/api/admin/campaigns/${fx.closed}/stats`, auth()), status: 403 },
  // Dashboard: same-origin posts, so each passes the Origin check and meets the one it names.
  { name: 'dashboard without a session', request: () => get(`/admin/campaigns/${fx.slug}`), status: 303, location: '/admin' },
  { name: 'dashboard of another campaign', request: () => get(`/admin/campaigns/${fx.closed}`, { cookie: fx.cookie }), status: 403 },
  { name: 'messages with a bad ?before', request: () => get(`/admin/campaigns/${fx.slug}/messages?before=1;DROP`, { cookie: fx.cookie }), status: 422 },
  { name: 'messages with SQL in ?filter', request: () => get(`/admin/campaigns/${fx.slug}/messages?filter=${encodeURIComponent("all' OR 1=1")}`, { cookie: fx.cookie }), status: 422 },
  { name: 'bulk moderation with a forged CSRF token', request: () => dashboardForm('/messages/bulk', { _csrf: 'I'.repeat(43), id: '1', action: 'hide' }), status: 403 },
  { name: 'lookup without a session', request: () => form(`/admin/campaigns/${fx.slug}/lookup`, { email: 'a@example.org' }), status: 303, location: '/admin' },
  { name: 'lookup of another campaign', request: () => form(`/admin/campaigns/${fx.closed}/lookup`, { _csrf: fx.csrf, email: 'a@example.org' }, ORIGIN, { cookie: fx.cookie }), status: 403 },
  { name: 'moderation without a session', request: () => form(`/admin/campaigns/${fx.slug}/moderate`, { id: '1', action: 'hide' }), status: 303, location: '/admin' },
  { name: 'moderation from another site', request: () => form(`/admin/campaigns/${fx.slug}/moderate`, { id: '1', action: 'hide' }, 'https://evil.example', { cookie: fx.cookie }), status: 403 },
  { name: 'moderation with a forged CSRF token', request: () => dashboardForm('/moderate', { _csrf: 'I'.repeat(43), id: '1', action: 'hide' }), status: 403 },
  { name: 'moderation with a bad action', request: () => dashboardForm('/moderate', { id: '1', action: 'delete' }), status: 422 },
  { name: 'moderation of no such signature', request: () => dashboardForm('/moderate', { id: '999999999', action: 'hide' }), status: 404 },
  { name: 'retry-dead without the CSRF token', request: () => dashboardForm('/retry-dead', { _csrf: '' }), status: 403 },
  { name: 'token revoke with a bad id', request: () => dashboardForm('/tokens/x/revoke', {}), status: 422 },
  { name: 'token revoke with a forged CSRF token', request: () => dashboardForm('/tokens/1/revoke', { _csrf: 'J'.repeat(43) }), status: 403 },
  { name: 'sign-out from another site', request: () => form('/admin/logout', {}, 'https://evil.example', { cookie: fx.cookie }), status: 403 },
  { name: 'sign-out without the CSRF token', request: () => form('/admin/logout', {}, ORIGIN, { cookie: fx.cookie }), status: 403 },
  { name: 'unknown campaign: signed page', request: () => get('/c/no-such-campaign/signed'), status: 404 },
  { name: 'unknown campaign: embed code page', request: () => get('/c/no-such-campaign/embed-code'), status: 404 },
  { name: 'unknown campaign: resend', request: () => form('/c/no-such-campaign/signed/resend', {}), status: 404 },
  { name: 'resend from another site', request: () => form(`/c/${fx.slug}/signed/resend`, {}, 'https://evil.example'), status: 403 },
  // A forged cookie names no address: the same answer as ever, and nothing is sent.
  {
    name: 'resend with a forged address cookie',
    request: () => form(`/c/${fx.slug}/signed/resend`, {}, ORIGIN, { cookie: `solidarity-signed=${encodeURIComponent(`9999999999999|${fx.slug}|victim@example.org`)}.${'A'.repeat(44)}` }),
    status: 303,
    location: () => `/c/${fx.slug}/signed?resent=1`,
  },
  { name: 'forged signature token: withdraw page', request: () => get(`/s/${'K'.repeat(43)}/withdraw`), status: 404 },
  // Marking many as spam
  { name: 'bulk spam preview with SQL in the domain and a bad network', request: () => get(`/admin/campaigns/${fx.slug}/spam?domain=${encodeURIComponent("x' OR 1=1 --")}&network=zz`, { cookie: fx.cookie }), status: 422 },
  { name: 'bulk spam preview of another campaign', request: () => get(`/admin/campaigns/${fx.closed}/spam?domain=example.org`, { cookie: fx.cookie }), status: 403 },
  { name: 'bulk spam without the CSRF token', request: () => dashboardForm('/spam', { _csrf: '', domain: 'example.org', upTo: '1' }), status: 403 },
  { name: 'bulk spam from another site', request: () => form(`/admin/campaigns/${fx.slug}/spam`, { _csrf: fx.csrf, domain: 'example.org', upTo: '1' }, 'https://evil.example', { cookie: fx.cookie }), status: 403 },
  { name: 'bulk spam that narrows nothing', request: () => dashboardForm('/spam', { domain: '', network: '', from: '', to: '', upTo: '1' }), status: 422 },
  { name: 'bulk spam with a forged upTo', request: () => dashboardForm('/spam', { domain: 'example.org', upTo: '1 OR 1=1' }), status: 422 },
  { name: 'bulk spam window on a day that does not exist', request: () => dashboardForm('/spam', { from: '2026-02-31T08:00', upTo: '1' }), status: 422 },
  { name: 'bulk spam API without credentials', request: () => get(`/api/admin/campaigns/${fx.slug}/spam?domain=example.org`), status: 401 },
  { name: 'bulk spam API of another campaign', request: () => json(`/api/admin/campaigns/${fx.closed}/spam`, '{"domain":"example.org","upTo":1}', 'application/json', auth()), status: 403 },
  { name: 'bulk spam API with a bad filter', request: () => json(`/api/admin/campaigns/${fx.slug}/spam`, '{"network":"abc","upTo":-1}', 'application/json', auth()), status: 422 },
  // Wrong methods on known paths: 405 (test/tracing.test.ts checks the Allow header)
  { name: 'DELETE a campaign page', request: () => new Request(url(`/c/${fx.slug}`), { method: 'DELETE' }), status: 405 },
  { name: 'PUT the signatures route', request: () => new Request(url(sign()), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }), status: 405 },
  { name: 'PATCH the count', request: () => new Request(url(`/api/campaigns/${fx.slug}/count`), { method: 'PATCH' }), status: 405 },
  { name: 'GET the sign form action', request: () => get(`/c/${fx.slug}/sign`), status: 405 },
  { name: 'GET a confirm action', request: () => get(`/s/${'A'.repeat(43)}/confirm`), status: 405 },
  { name: 'unknown API route', request: () => get('/api/nothing'), status: 404 },
];

// Mounted as in src/index.ts; /dev is left out (it does not exist in a deployed app).
const MOUNTS: [string, Hono<AppEnv>][] = [['', embeds], ['', pages], ['', signed], ['', links], ['/api', api], ['/api', adminApi], ['/admin', adminLogin], ['/admin', adminDashboard], ['/admin', adminSpam]];
// Pages that read nothing a request could make bad (?lang= takes any value; no session is the sign-in form).
const NO_INPUT = new Set(['GET /', 'GET /admin']);

/** Every `METHOD /path/:param` the sub-apps answer (middleware entries, method ALL, left out). */
function appRoutes(): string[] {
  const routes = MOUNTS.flatMap(([prefix, sub]) =>
    sub.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${prefix && r.path === '/' ? prefix : `${prefix}${r.path}`}`),
  );
  return [...new Set(routes)];
}

function routePattern(route: string): RegExp {
  return new RegExp(`^${route.replace(/\./g, '\\.').replace(/:[^/]+/g, '[^/]+')}$`);
}

async function dump(): Promise<string> {
  const { results } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name`).all<{ name: string }>();
  const tables = await Promise.all(results.map(async ({ name }) => [name, (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results.map((r) => JSON.stringify(r)).sort()] as const));
  return JSON.stringify(tables);
}

describe('hostile input corpus', () => {
  beforeAll(async () => {
    fx.slug = (await createCampaign({ organisers: ['hostile-org@example.org'] })).slug;
    fx.closed = (await createCampaign({ status: 'closed' })).slug;
    fx.token = await makeToken(fx.slug);
    await requestLink('hostile-org@example.org');
    fx.usedLink = (await mailedLink('hostile-org@example.org')) ?? '';
    const signedIn = await useLink(fx.usedLink);
    expect(signedIn.status).toBe(303);
    fx.cookie = cookieOf(signedIn);
    fx.csrf = await csrfOf(fx.cookie);
  });

  it('covers every route of the app (a new route needs hostile cases here)', () => {
    const hit = cases.map(({ request }) => {
      const r = request();
      return `${r.method} ${new URL(r.url).pathname}`;
    });
    const uncovered = appRoutes().filter((route) => !NO_INPUT.has(route) && !hit.some((h) => routePattern(route).test(h)));
    expect(uncovered).toEqual([]);
  });

  it.each(cases)('$name → $status, refused, nothing written', async ({ request, status, location }) => {
    const before = await dump();
    const res = await SELF.fetch(request());
    expect(res.status).toBe(status);
    const text = await res.text();
    if (location) {
      expect(res.headers.get('location')).toBe(typeof location === 'function' ? location() : location);
    } else if ((res.headers.get('content-type') ?? '').includes('json')) {
      const { error } = JSON.parse(text) as { error: { code: string; message: string } };
      expect(error.message.length).toBeGreaterThan(10);
    } else {
      expect(text).toMatch(/<h1>[^<]+<\/h1>[\s\S]*<p>[^<]{10,}|class="field-error"|class="error"/);
    }
    expect(await dump()).toBe(before);
  });
});
