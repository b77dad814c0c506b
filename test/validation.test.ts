import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminGet, adminPost, csrfOf, makeToken, requestLink, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody, unique } from './helpers';

/**
 * One mechanism per kind of input (src/routes/validation.ts): each route family refuses bad
 * input in exactly the shape it did before the mechanisms were shared.
 */

const notice = (heading: string, message: string) => `<section class="notice"><h1>${heading}</h1><p>${message}</p>`;

async function organiser() {
  const email = `${unique('val-org')}@example.org`;
  const c = await createCampaign({ organisers: [email] });
  const cookie = await signIn(email);
  return { c, cookie, csrf: await csrfOf(cookie) };
}

describe('jsonBody: POST /api/campaigns/:slug/signatures', () => {
  it('answers 415, 400 and 422 with { error: { code, message, issues } }', async () => {
    const c = await createCampaign();
    const path = `/api/campaigns/${c.slug}/signatures`;
    const plain = await postJson(path, JSON.stringify(signatureBody()), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'Send the body as application/json.', issues: [], requestId: plain.headers.get('x-request-id') } });
    const broken = await postJson(path, '{"name": "Ana",');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: { code: 'bad_request', message: 'The request could not be read.', issues: [], requestId: broken.headers.get('x-request-id') } });
    const bytes = await SELF.fetch(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]) });
    expect(bytes.status).toBe(400);
    expect(await bytes.json()).toEqual({ error: { code: 'bad_request', message: 'The body is not valid UTF-8.', issues: [], requestId: bytes.headers.get('x-request-id') } });
    const bad = await postJson(path, signatureBody({ email: 'nope', country: 'ZZ', consent: false }));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Some fields are not valid.',
        issues: [
          { field: 'email', message: 'Enter a valid email address, like name@example.org' },
          { field: 'country', message: 'Choose a country from the list' },
          { field: 'consent', message: 'You must agree to the privacy notice to sign' },
        ], requestId: bad.headers.get('x-request-id')
      },
    });
  });
});

describe('formBody: POST /c/:slug/sign', () => {
  it('re-renders the campaign page (422) with the input and a message per field, from the schema and from the flow', async () => {
    const c = await createCampaign();
    const res = await postForm(`/c/${c.slug}/sign`, { name: 'Ana', email: 'nope', country: 'FR', city: 'Lyon', target: 'none', consent: 'on' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="email-error">Enter a valid email address, like name@example.org</p>');
    expect(html).toContain('value="Lyon"');
    expect(html).toContain(`<h1>${c.title}</h1>`);
    // A target that exists only in another campaign passes the schema; the flow refuses it the same way.
    const flow = await postForm(`/c/${c.slug}/sign`, { name: 'Ana', email: `${unique('v')}@example.org`, country: 'FR', city: 'Lyon', target: 'nowhere', consent: 'on' });
    expect(flow.status).toBe(422);
    const again = await flow.text();
    expect(again).toContain('<p class="field-error" id="target-error">Choose a target from the list</p>');
    expect(again).toContain('value="Lyon"');
  });
});

describe('formBody: POST /admin/login', () => {
  it('re-renders the sign-in form (422) with the address as typed and its message', async () => {
    const res = await requestLink('not an email');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="not an email"');
    expect(html).toContain('<p class="field-error" id="email-error">Enter a valid email address, like name@example.org</p>');
  });
});

describe('dashboard forms, query and path: /admin/campaigns/:slug', () => {
  it('answers a bad ?before= of the messages page with a 422 page naming it', async () => {
    const { c, cookie } = await organiser();
    const res = await adminGet(`/admin/campaigns/${c.slug}/messages?before=abc`, { cookie });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(notice('That did not work', 'The request is not valid: id must be a positive whole number.'));
    // Past what a JavaScript number holds exactly: refused, not rounded to another id.
    expect((await adminGet(`/admin/campaigns/${c.slug}/messages?before=9999999999999999`, { cookie })).status).toBe(422);
  });

  it('answers a bad moderation form with a 422 page, and checks the CSRF token first (403)', async () => {
    const { c, cookie, csrf } = await organiser();
    const bad = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: '0', action: 'delete' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(notice('That did not work', 'The request is not valid: id must be a positive whole number; action must be approve, hide or spam.'));
    const forged = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: 'x'.repeat(43), id: '0', action: 'delete' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain(notice('That did not work', 'This form has expired. Reload the page and try again.'));
  });

  it('answers a bad token id in the path with a 422 page', async () => {
    const { c, cookie, csrf } = await organiser();
    const res = await adminPost(`/admin/campaigns/${c.slug}/tokens/01/revoke`, cookie, { _csrf: csrf });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(notice('That did not work', 'The request is not valid: id must be a positive whole number.'));
  });
});

describe('query: GET /api/admin/campaigns/:slug/signatures.csv?since=', () => {
  const since = (field: string, res: Response) => ({
    error: { code: 'validation_failed', message: 'Some query parameters are not valid.', issues: [{ field: 'since', message: field }], requestId: res.headers.get('x-request-id') },
  });
  const real = 'since must be a date that exists (months 01–12, no 31 February, times up to 23:59:59)';

  it.each(['2026-02-31', '2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-06-16T24:00Z', '2026-06-16T08:60Z', '2026-06-16T08:00:00+24:00'])(
    'refuses %s, which does not exist, with 422 naming since',
    async (date) => {
      const c = await createCampaign();
      const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv?since=${encodeURIComponent(date)}`, { authorization: `Bearer ${await makeToken(c.slug)}` });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual(since(real, res));
    },
  );

  it('refuses a value not written as a date with the format message', async () => {
    const c = await createCampaign();
    const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.ndjson?since=16.06.2026`, { authorization: `Bearer ${await makeToken(c.slug)}` });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(since('since must be a date like 2026-06-16 or 2026-06-16T08:00:00Z', res));
  });

  it('accepts 2026-02-28 (and 2024-02-29, with a time and an offset) and filters by it', async () => {
    const c = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(c.slug)}` };
    const day = (iso: string) => Date.parse(iso);
    for (const [who, at] of [['old', day('2026-02-27T23:59:59.999Z')], ['new', day('2026-02-28T00:00:00Z')]] as const) {
      const email = `${who}-${c.slug}@example.org`;
      expect((await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }))).status).toBe(202);
      await env.DB.prepare('UPDATE signatures SET created_at = ?2 WHERE email = ?1').bind(email, at).run();
    }
    const emails = async (q: string) => {
      const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.ndjson?since=${encodeURIComponent(q)}`, auth);
      expect(res.status, q).toBe(200);
      return (await res.text()).trimEnd().split('\n').filter(Boolean).map((l) => String((JSON.parse(l) as { email: string }).email));
    };
    expect(await emails('2026-02-28')).toEqual([`new-${c.slug}@example.org`]);
    expect(await emails('2026-02-28T01:00+01:00')).toEqual([`new-${c.slug}@example.org`]);
    expect(await emails('2026-02-27T23:59:59.9Z')).toEqual([`old-${c.slug}@example.org`, `new-${c.slug}@example.org`]);
    expect(await emails('2024-02-29')).toHaveLength(2);
  });
});

describe('query: GET /api/campaigns/:slug/count?lang=', () => {
  it('takes any language tag: the first of a repeated one, English for an unsupported one', async () => {
    const c = await createCampaign();
    const first = await (await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count?lang=kk&lang=ru`)).json();
    expect(first).toMatchObject({ labels: { lang: 'kk' } });
    const other = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count?lang=${encodeURIComponent('<x>')}`);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ labels: { lang: 'en' } });
  });
});
