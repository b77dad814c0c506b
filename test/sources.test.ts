import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminGet, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

const sourceOf = (email: string) => env.DB.prepare('SELECT source FROM signatures WHERE email = ?1').bind(email).first<string | null>('source');

/** The sign form's fields, as the page's form sends them. */
function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { name: 'Ana Lima', email: `${unique('ana')}@example.org`, country: 'FR', city: 'Paris', message: '', target: 'none', consent: 'on', website: '', source: '', ...overrides };
}

/** POSTs the sign form as a browser does, with the page it was sent from as Referer. */
function signFrom(slug: string, fields: Record<string, string>, referer?: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/c/${slug}/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...(referer ? { referer } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('POST /api/campaigns/:slug/signatures: source', () => {
  it('stores the source lower-cased and trimmed', async () => {
    const c = await createCampaign();
    const body = signatureBody({ source: '  Blog.Example.ORG ' });
    expect((await postJson(`/api/campaigns/${c.slug}/signatures`, body)).status).toBe(202);
    expect(await sourceOf(String(body.email))).toBe('blog.example.org');
  });

  it('drops a source that does not fit (charset, length, type) and keeps the signature', async () => {
    const c = await createCampaign();
    for (const source of ['<script>alert(1)</script>', 'a'.repeat(65), 'news letter', '=HYPERLINK("x")', '-starts-with-dash', 42, { a: 1 }, '']) {
      const body = signatureBody({ source });
      const res = await postJson(`/api/campaigns/${c.slug}/signatures`, body);
      expect(res.status, JSON.stringify(source)).toBe(202);
      expect(await sourceOf(String(body.email)), JSON.stringify(source)).toBeNull();
    }
    const longest = signatureBody({ source: 'a'.repeat(64) });
    await postJson(`/api/campaigns/${c.slug}/signatures`, longest);
    expect(await sourceOf(String(longest.email))).toBe('a'.repeat(64));
  });

  it('keeps the first source when the same inbox signs again, pending or confirmed', async () => {
    const c = await createCampaign();
    const body = signatureBody({ source: 'share-whatsapp' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await postJson(`/api/campaigns/${c.slug}/signatures`, { ...body, source: 'newsletter' });
    expect(await sourceOf(String(body.email))).toBe('share-whatsapp');
    await confirmAs(await tokenFor(String(body.email)), body);
    await postJson(`/api/campaigns/${c.slug}/signatures`, { ...body, email: String(body.email).toUpperCase(), source: 'x' });
    expect(await sourceOf(String(body.email))).toBe('share-whatsapp');
  });
});

describe('POST /c/:slug/sign: source', () => {
  it('takes the hidden field the page script fills in', async () => {
    const c = await createCampaign();
    const fields = formFields({ source: 'poster-qr' });
    expect((await signFrom(c.slug, fields, `${ORIGIN}/c/${c.slug}?source=ignored-when-the-field-is-set`)).status).toBe(303);
    expect(await sourceOf(fields.email!)).toBe('poster-qr');
  });

  it('without the script, reads ?source= or the UTM parts of the campaign page it was sent from', async () => {
    const c = await createCampaign();
    const utm = formFields();
    await signFrom(c.slug, utm, `${ORIGIN}/c/${c.slug}?utm_source=Newsletter&utm_medium=email&utm_campaign=june-16&lang=ru`);
    expect(await sourceOf(utm.email!)).toBe('newsletter/email/june-16');
    const partial = formFields();
    await signFrom(c.slug, partial, `${ORIGIN}/c/${c.slug}?utm_source=mastodon`);
    expect(await sourceOf(partial.email!)).toBe('mastodon');
    const own = formFields();
    await signFrom(c.slug, own, `${ORIGIN}/c/${c.slug}?source=share-telegram&utm_source=ignored`);
    expect(await sourceOf(own.email!)).toBe('share-telegram');
  });

  it('ignores a Referer of another origin or another page', async () => {
    const c = await createCampaign();
    for (const referer of [`https://evil.example/c/${c.slug}?source=evil`, `${ORIGIN}/c/other-campaign?source=other`, 'not a url']) {
      const fields = formFields();
      expect((await signFrom(c.slug, fields, referer)).status).toBe(303);
      expect(await sourceOf(fields.email!), referer).toBeNull();
    }
  });

  it('keeps a Referer source in the form shown again after a mistake', async () => {
    const c = await createCampaign();
    const res = await signFrom(c.slug, formFields({ city: '' }), `${ORIGIN}/c/${c.slug}?source=share-vk`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<input type="hidden" name="source" value="share-vk" data-source="true"/>');
  });
});

describe('GET /c/:slug: source', () => {
  it('serves the same page whatever the source, with an empty field for the script to fill', async () => {
    const c = await createCampaign();
    const a = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}?source=share-x`)).text();
    const b = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}?utm_source=news`)).text();
    expect(a).toBe(b);
    expect(a).toContain('<input type="hidden" name="source" value="" data-source="true"/>');
    expect(a).not.toContain('share-x');
  });
});

/** Inserts signatures straight into the table: `n` from `source`, `confirmed` of them confirmed, made `daysAgo` days ago. */
async function seed(slug: string, source: string | null, n: number, confirmed: number, daysAgo = 0): Promise<void> {
  const at = Date.now() - daysAgo * 86_400_000;
  await env.DB.prepare(
    `WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x + 1 < ?3)
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, consent_version, status, token_nonce, token_hash,
       token_expires_at, created_at, confirmed_at, updated_at, source)
     SELECT c.id, ?6 || x || '@example.org', ?6 || x || '@example.org', 'S', 'FR', 'Paris', '1',
       iif(x < ?4, 'confirmed', 'pending'), 'nonce-for-a-seeded-row', printf('%064d', x), 0, ?5, iif(x < ?4, ?5, NULL), ?5, ?2
     FROM seq, campaigns c WHERE c.slug = ?1`,
  ).bind(slug, source, n, confirmed, at, unique('seed')).run();
}

describe('GET /admin/campaigns/:slug: where signatures come from', () => {
  it('shows signed, confirmed and the rate per source (top ten, then the rest) and per day with a running total', async () => {
    const email = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [email] });
    await seed(c.slug, 'share-whatsapp', 4, 3);
    await seed(c.slug, null, 2, 1);
    await seed(c.slug, 'newsletter/email/june', 1, 0, 3);
    for (let i = 0; i < 10; i++) await seed(c.slug, `site-${String(i).padStart(2, '0')}`, 1, 1, 40);
    const html = await (await adminGet(`/admin/campaigns/${c.slug}`, { cookie: await signIn(email) })).text();
    expect(html).toContain('<tr data-source="share-whatsapp"><th scope="row"><code>share-whatsapp</code></th><td>4</td><td>3</td><td>75%</td></tr>');
    expect(html).toContain('<tr data-source=""><th scope="row">No source (direct)</th><td>2</td><td>1</td><td>50%</td></tr>');
    expect(html).toContain('<tr data-source="newsletter/email/june"><th scope="row"><code>newsletter/email/june</code></th><td>1</td><td>0</td><td>0%</td></tr>');
    // 13 sources: the ten biggest (ties by name), then the three smallest as one row.
    expect(html.match(/<tr data-source=/g)).toHaveLength(11);
    expect(html).toContain('<tr data-source="(other)"><th scope="row">All other sources</th><td>3</td><td>3</td><td>100%</td></tr>');
    const today = new Date().toISOString().slice(0, 10);
    const threeAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    // The ten from 40 days ago are before the window but in the running total.
    expect(html).toContain(`<tr data-day="${today}"><th scope="row">${today}</th><td>6</td><td>4</td><td>67%</td><td>14</td></tr>`);
    expect(html).toContain(`<tr data-day="${threeAgo}"><th scope="row">${threeAgo}</th><td>1</td><td>0</td><td>0%</td><td>10</td></tr>`);
  });

  it('counts no spam, and answers another campaign’s organiser 403 and nobody a redirect', async () => {
    const email = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [email] });
    await seed(c.slug, 'bots', 3, 3);
    await env.DB.prepare(`UPDATE signatures SET status = 'spam' WHERE source = 'bots' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).run();
    const html = await (await adminGet(`/admin/campaigns/${c.slug}`, { cookie: await signIn(email) })).text();
    expect(html).not.toContain('data-source="bots"');
    const stranger = `${unique('org')}@example.org`;
    await createCampaign({ organisers: [stranger] });
    expect((await adminGet(`/admin/campaigns/${c.slug}`, { cookie: await signIn(stranger) })).status).toBe(403);
    const anonymous = await adminGet(`/admin/campaigns/${c.slug}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/admin');
  });
});
