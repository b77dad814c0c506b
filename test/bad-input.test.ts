import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, ORIGIN, signatureBody } from './helpers';

type Case = { name: string; path?: (slug: string) => string; init: (slug: string) => RequestInit; status: number; field?: string };

const api = (slug: string) => `/api/campaigns/${slug}/signatures`;
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
  body: new URLSearchParams(fields).toString(),
});
const valid = (o: Record<string, unknown> = {}) => signatureBody({ email: 'bad-input@example.org', ...o });
const validForm = (o: Record<string, string> = {}) => ({
  name: 'Ana', email: 'bad-input@example.org', country: 'FR', city: 'Paris', consent: 'on', ...o,
});
const without = (key: string) => {
  const body = valid();
  delete body[key];
  return body;
};

const cases: Case[] = [
  { name: 'missing name', init: () => json(without('name')), status: 422, field: 'name' },
  { name: 'missing email', init: () => json(without('email')), status: 422, field: 'email' },
  { name: 'missing country', init: () => json(without('country')), status: 422, field: 'country' },
  { name: 'missing city', init: () => json(without('city')), status: 422, field: 'city' },
  { name: 'missing consent', init: () => json(without('consent')), status: 422, field: 'consent' },
  { name: 'consent false', init: () => json(valid({ consent: false })), status: 422, field: 'consent' },
  { name: 'empty name', init: () => json(valid({ name: '   ' })), status: 422, field: 'name' },
  { name: 'oversized name', init: () => json(valid({ name: 'a'.repeat(101) })), status: 422, field: 'name' },
  { name: 'oversized city', init: () => json(valid({ city: 'b'.repeat(101) })), status: 422, field: 'city' },
  { name: 'oversized message', init: () => json(valid({ message: 'm'.repeat(2001) })), status: 422, field: 'message' },
  { name: 'oversized email', init: () => json(valid({ email: `${'e'.repeat(250)}@example.org` })), status: 422, field: 'email' },
  { name: 'name is a number', init: () => json(valid({ name: 42 })), status: 422, field: 'name' },
  { name: 'name is an object', init: () => json(valid({ name: { first: 'Ana' } })), status: 422, field: 'name' },
  { name: 'public is a string', init: () => json(valid({ public: 'yes please' })), status: 422, field: 'public' },
  { name: 'email without at', init: () => json(valid({ email: 'ana.example.org' })), status: 422, field: 'email' },
  { name: 'email with CRLF', init: () => json(valid({ email: 'ana@example.org\r\nBcc: x@example.org' })), status: 422, field: 'email' },
  { name: 'CRLF in the name', init: () => json(valid({ name: 'Ana\r\nBcc: victim@example.org' })), status: 422, field: 'name' },
  { name: 'NUL in the name', init: () => json(valid({ name: 'Ana\u0000' })), status: 422, field: 'name' },
  { name: 'bidi override in the city', init: () => json(valid({ city: 'Paris\u202e' })), status: 422, field: 'city' },
  { name: 'control character in the message', init: () => json(valid({ message: 'hi\u0007' })), status: 422, field: 'message' },
  { name: 'unknown country', init: () => json(valid({ country: 'ZZ' })), status: 422, field: 'country' },
  { name: 'country as a name', init: () => json(valid({ country: 'France' })), status: 422, field: 'country' },
  { name: 'unknown target', init: () => json(valid({ target: 'nowhere' })), status: 422, field: 'target' },
  { name: 'target of another campaign', init: () => json(valid({ target: 'other-campaign-only' })), status: 422, field: 'target' },
  { name: 'target with SQL', init: () => json(valid({ target: "fr-paris' OR 1=1 --" })), status: 422, field: 'target' },
  { name: 'malformed JSON', init: () => json('{"name": "Ana",'), status: 400 },
  { name: 'JSON array body', init: () => json('[1,2,3]'), status: 422 },
  { name: 'JSON null body', init: () => json('null'), status: 422 },
  { name: 'deeply nested JSON', init: () => json(`${'['.repeat(5000)}${']'.repeat(5000)}`), status: 422 },
  { name: 'wrong content type (text/plain)', init: () => ({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(valid()) }), status: 415 },
  { name: 'form content type on the JSON API', init: () => form(validForm()), status: 415 },
  { name: 'no content type', init: () => ({ method: 'POST', body: JSON.stringify(valid()) }), status: 415 },
  { name: 'oversized body', init: () => json(valid({ message: 'x'.repeat(40_000) })), status: 413 },
  { name: 'unknown campaign', path: () => api('no-such-campaign'), init: () => json(valid()), status: 404 },
  { name: 'wrong method on the signatures route', init: () => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }), status: 405 },
  { name: 'form: invalid email', path: (s) => `/c/${s}/sign`, init: () => form(validForm({ email: 'nope' })), status: 422, field: 'email' },
  { name: 'form: HTML and CRLF in the name', path: (s) => `/c/${s}/sign`, init: () => form(validForm({ name: '<b>x</b>\r\nBcc: y' })), status: 422, field: 'name' },
  { name: 'form: repeated field', path: (s) => `/c/${s}/sign`, init: () => ({ ...form({}), body: 'name=a&name=b&email=c@example.org&country=FR&city=X&consent=on' }), status: 422, field: 'name' },
  { name: 'form: cross-site post', path: (s) => `/c/${s}/sign`, init: () => ({ ...form(validForm()), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } }), status: 403 },
  { name: 'form: missing consent', path: (s) => `/c/${s}/sign`, init: () => form(validForm({ consent: '' })), status: 422, field: 'consent' },
];

describe('bad input on signing routes', () => {
  let slug = '';
  beforeAll(async () => {
    slug = (await createCampaign()).slug;
    await createCampaign({ targets: [{ id: 'other-campaign-only', name: 'Elsewhere', country: 'DE', email: 'else@example.org' }] });
  });

  async function snapshot(): Promise<string> {
    const tables = ['signatures', 'outbox', 'campaign_counts', 'mail_slots'];
    const parts = await Promise.all(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
    return JSON.stringify(parts.map((p) => p.results));
  }

  it.each(cases)('$name → $status with a message, nothing written', async ({ path, init, status, field }) => {
    const before = await snapshot();
    const res = await SELF.fetch(`${ORIGIN}${(path ?? api)(slug)}`, init(slug));
    expect(res.status).toBe(status);
    const text = await res.text();
    if (res.headers.get('content-type')?.includes('json')) {
      const body = JSON.parse(text) as { error: { code: string; message: string; issues: { field: string; message: string }[] } };
      expect(body.error.message.length).toBeGreaterThan(5);
      if (field) expect(body.error.issues.map((i) => i.field)).toContain(field);
    } else {
      expect(text).toMatch(/<h1>|class="field-error"/);
      if (field) expect(text).toContain(`id="${field}-error"`);
    }
    expect(await snapshot()).toBe(before);
  });

  it('renders HTML in a re-rendered form escaped', async () => {
    const res = await SELF.fetch(`${ORIGIN}/c/${slug}/sign`, form(validForm({ email: 'bad', city: '<script>alert(1)</script>' })));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});
