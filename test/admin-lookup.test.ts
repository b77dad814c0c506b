import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminGet, adminPost, csrfOf, signIn } from './admin-helpers';
import { createCampaign, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

async function setup() {
  const email = `${unique('org')}@example.org`;
  const c = await createCampaign({ organisers: [email] });
  const cookie = await signIn(email);
  return { c, email, cookie, csrf: await csrfOf(cookie) };
}

const lookups = (slug: string) =>
  env.DB.prepare(
    `SELECT actor, action, detail FROM audit_log WHERE action = 'signature.lookup' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY id`,
  ).bind(slug).all().then((r) => r.results);

/** The answer section of the lookup page. */
const answerOf = (html: string) => html.slice(html.indexOf('<section aria-labelledby="lookup-answer"'));

describe('POST /admin/campaigns/:slug/lookup', () => {
  it('answers "confirmed: it counts" for the canonical inbox, with dates only, and logs the lookup without the address', async () => {
    const { c, cookie, csrf, email } = await setup();
    const local = unique('ana');
    const body = signatureBody({ email: `${local}@gmail.com`, name: 'Ana Secret', message: 'A private message' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)), body);
    const typed = `${local.replace(/^(.)/, '$1.').toUpperCase()}+petition@GMAIL.com`;
    const res = await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: typed });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const answer = answerOf(await res.text());
    expect(answer).toContain('<div data-lookup="confirmed"><p><strong>Confirmed: it counts.</strong></p>');
    expect(answer).toMatch(/<li>Signed: <time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z" data-local="true">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time><\/li>/);
    expect(answer).toMatch(/<li>Confirmed: <time datetime=/);
    for (const secret of ['Ana Secret', 'A private message', local]) expect(answer).not.toContain(secret);
    expect(await lookups(c.slug)).toEqual([{ actor: email, action: 'signature.lookup', detail: '{"found":true}' }]);
  });

  it('answers "no signature" for an unknown address or one of another campaign, logged as not found', async () => {
    const { c, cookie, csrf } = await setup();
    const other = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${other.slug}/signatures`, body);
    const res = await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: String(body.email) });
    expect(answerOf(await res.text())).toContain('<p data-lookup="none">No signature from this address in this campaign.</p>');
    expect(await lookups(c.slug)).toEqual([expect.objectContaining({ detail: '{"found":false}' })]);
  });

  it('says when a pending signature’s link has run out', async () => {
    const { c, cookie, csrf } = await setup();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const fresh = answerOf(await (await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: String(body.email) })).text());
    expect(fresh).toContain('Not confirmed yet: it counts once the supporter presses the button in the confirmation email.');
    expect(fresh).toContain('The confirmation link works until <time');
    await env.DB.prepare('UPDATE signatures SET token_expires_at = 1 WHERE email = ?1').bind(body.email).run();
    const expired = answerOf(await (await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: String(body.email) })).text());
    expect(expired).toContain('<div data-lookup="pending"><p><strong>Not confirmed, and the confirmation link has run out');
  });

  it('shows the form again with a message for a bad address, and logs nothing', async () => {
    const { c, cookie, csrf } = await setup();
    const res = await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: 'not-an-address' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="not-an-address" aria-invalid="true" aria-describedby="lookup-email-error"');
    expect(html).not.toContain('lookup-answer');
    expect(await lookups(c.slug)).toEqual([]);
  });

  it('refuses a form without the CSRF token or from another origin (403), and logs nothing', async () => {
    const { c, cookie, csrf } = await setup();
    expect((await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { email: 'a@example.org' })).status).toBe(403);
    expect((await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: 'a@example.org' }, 'https://evil.example')).status).toBe(403);
    expect(await lookups(c.slug)).toEqual([]);
  });

  it('answers an organiser of another campaign 403, nobody a redirect to sign in', async () => {
    const { c } = await setup();
    const stranger = `${unique('org')}@example.org`;
    await createCampaign({ organisers: [stranger] });
    const cookie = await signIn(stranger);
    const csrf = await csrfOf(cookie);
    expect((await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: 'a@example.org' })).status).toBe(403);
    const anonymous = await adminPost(`/admin/campaigns/${c.slug}/lookup`, '', { _csrf: csrf, email: 'a@example.org' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/admin');
    expect((await adminGet(`/admin/campaigns/${c.slug}/lookup`)).status).toBe(303);
    expect(await lookups(c.slug)).toEqual([]);
  });

  it('stops at 30 lookups an hour per organiser: 429, nothing answered, nothing logged', async () => {
    const { c, cookie, csrf, email } = await setup();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await env.DB.prepare(
      `WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < 29)
       INSERT INTO audit_log (campaign_id, actor, action, detail, created_at)
       SELECT (SELECT id FROM campaigns WHERE slug = ?1), ?2, 'signature.lookup', '{"found":false}', ?3 FROM seq`,
    ).bind(c.slug, email, Date.now() - 60_000).run();
    expect((await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: String(body.email) })).status).toBe(200);
    const over = await adminPost(`/admin/campaigns/${c.slug}/lookup`, cookie, { _csrf: csrf, email: String(body.email) });
    expect(over.status).toBe(429);
    const html = await over.text();
    expect(html).toContain('You have made many lookups in the last hour. Try again later.');
    expect(html).not.toContain('data-lookup=');
    expect(await lookups(c.slug)).toHaveLength(30);
  });
});

describe('GET /admin/campaigns/:slug/lookup', () => {
  it('shows the form, also on the dashboard', async () => {
    const { c, cookie } = await setup();
    for (const path of [`/admin/campaigns/${c.slug}/lookup`, `/admin/campaigns/${c.slug}`]) {
      const html = await (await adminGet(path, { cookie })).text();
      expect(html, path).toContain(`<form method="post" action="/admin/campaigns/${c.slug}/lookup" class="lookup" novalidate="">`);
    }
  });
});
