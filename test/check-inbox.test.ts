import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from './limits/worker';
import { createCampaign, mailTo, ORIGIN, postForm, signatureRow, tokenFor, unique, confirmAs } from './helpers';

const fields = (email: string) => ({ name: 'Ana Lima', email, country: 'FR', city: 'Paris', target: 'none', consent: 'on' });

/** The cookie signing set, as a browser would send it back (name=value only). */
function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0] ?? '';
}

/** Signs through the form; returns the answer and the cookie it set. */
async function sign(slug: string, email: string, extra: Record<string, string> = {}) {
  const res = await postForm(`/c/${slug}/sign`, { ...fields(email), ...extra });
  return { res, cookie: cookieOf(res) };
}

const getSigned = (slug: string, cookie: string, query = '') =>
  SELF.fetch(`${ORIGIN}/c/${slug}/signed${query}`, { headers: cookie ? { cookie } : {} });

const resend = (slug: string, cookie: string, origin = ORIGIN) =>
  SELF.fetch(`${ORIGIN}/c/${slug}/signed/resend`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    redirect: 'manual',
  });

/** The page without what legitimately differs between two answers: nothing but the address. */
const shape = (html: string, email: string) => html.replaceAll(email, 'ADDRESS');

describe('POST /c/:slug/sign → GET /c/:slug/signed', () => {
  it('names the address the mail went to, from a signed, short-lived, campaign-scoped cookie; never in the URL', async () => {
    const c = await createCampaign();
    const email = `${unique('in')}@example.org`;
    const { res, cookie } = await sign(c.slug, email);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed`);
    const [set = '', choices = ''] = res.headers.getSetCookie();
    expect(set).toMatch(new RegExp(`^solidarity-signed=[^;]+; Max-Age=900; Path=/c/${c.slug}; HttpOnly; SameSite=Lax$`));
    expect(set).not.toContain(email); // signed, and URL-encoded: the address is not in plain sight
    // The boxes ticked, for the link's page in this browser (docs/consent.md): no address in it at all.
    expect(choices).toMatch(/^solidarity-choices=[^;]+; Max-Age=604800; Path=\/s\/; HttpOnly; SameSite=Lax$/);
    expect(choices).not.toContain(email.split('@')[0]);
    const page = await getSigned(c.slug, cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain(`<p class="lede">We have sent an email to <strong class="address">${email}</strong>. Click the link in it to confirm your signature for “${c.title}”.</p>`);
    expect(html).toContain('<p>It can take a few minutes. Not there? Look in your spam or junk folder.</p>');
    expect(html).toContain(`<li>Wrong address? <a href="/c/${c.slug}#sign">Sign again</a>.</li>`);
    expect(html).toContain(`<form method="post" action="/c/${c.slug}/signed/resend" class="inline">No email after a few minutes? <button type="submit" class="link-button">Send the link again</button></form>`);
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  });

  it('answers alike for a new address, one that signed before, a honeypot hit and one over the mail cap', async () => {
    const c = await createCampaign();
    const signedBefore = `${unique('old')}@example.org`;
    await sign(c.slug, signedBefore);
    await confirmAs(await tokenFor(signedBefore));
    const capped = `${unique('cap')}@example.org`;
    for (let i = 0; i < 3; i++) await sign(c.slug, capped);
    const cases: { email: string; extra: Record<string, string> }[] = [
      { email: `${unique('new')}@example.org`, extra: {} },
      { email: signedBefore, extra: {} },
      { email: `${unique('bot')}@example.org`, extra: { website: 'http://spam.example' } },
      { email: capped, extra: {} },
    ];
    const answers = [];
    for (const { email, extra } of cases) {
      const { res, cookie } = await sign(c.slug, email, extra);
      expect({ email, status: res.status, location: res.headers.get('location') }).toEqual({ email, status: 303, location: `/c/${c.slug}/signed` });
      answers.push(shape(await (await getSigned(c.slug, cookie)).text(), email));
    }
    expect(new Set(answers).size).toBe(1);
  });

  it('ignores a forged, expired or other campaign’s cookie and then names no address', async () => {
    const c = await createCampaign();
    const other = await createCampaign();
    const email = `${unique('forge')}@example.org`;
    const { cookie } = await sign(other.slug, email);
    const generic = 'We have sent you an email. Click the link in it to confirm your signature';
    for (const bad of [cookie, cookie.replace(/%40/, '%41'), `solidarity-signed=${encodeURIComponent(`9999999999999|${c.slug}|${email}`)}.AAAA`]) {
      const html = await (await getSigned(c.slug, bad)).text();
      expect(html).toContain(generic);
      expect(html).not.toContain(email);
      expect(html).not.toContain('/signed/resend');
    }
  });

  it('marks the cookie Secure on https', async () => {
    const c = await createCampaign();
    const res = await SELF.fetch(`https://localhost/c/${c.slug}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://localhost' },
      body: new URLSearchParams(fields(`${unique('tls')}@example.org`)).toString(),
      redirect: 'manual',
    });
    expect(res.headers.getSetCookie().map((x) => x.replace(/^[^;]*; Max-Age=\d+/, ''))).toEqual([
      `; Path=/c/${c.slug}; HttpOnly; Secure; SameSite=Lax`,
      '; Path=/s/; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it('names no address without IP_HASH_SECRET (nothing to sign the cookie with), and sets no cookie', async () => {
    const c = await createCampaign();
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    const res = await app.fetch(
      new Request(`${ORIGIN}/c/${c.slug}/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        body: new URLSearchParams(fields(`${unique('nosecret')}@example.org`)).toString(),
      }),
      { ...env, IP_HASH_SECRET: '' },
      ctx,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('POST /c/:slug/signed/resend', () => {
  it('sends the confirmation link again to the cookie’s address (the same link, which keeps working) and says so', async () => {
    const c = await createCampaign();
    const email = `${unique('again')}@example.org`;
    const { cookie } = await sign(c.slug, email);
    const first = await tokenFor(email);
    const res = await resend(c.slug, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed?resent=1`);
    const mails = await mailTo(email);
    expect(mails.map((m) => m.subject)).toEqual([`Please confirm your signature: ${c.title}`, `Please confirm your signature: ${c.title}`]);
    const second = await tokenFor(email);
    expect(second).toBe(first);
    expect((await confirmAs(first)).status).toBe(303);
    expect((await signatureRow(c.slug, email))?.status).toBe('confirmed');
    const html = await (await getSigned(c.slug, cookie, '?resent=1')).text();
    expect(html).toContain('<p class="status-note" role="status">Sent again: the same link as before. At most three links go to one address an hour.</p>');
  });

  it('stays within the per-inbox cap of three link emails an hour, with the same answer', async () => {
    const c = await createCampaign();
    const email = `${unique('capped')}@example.org`;
    const { cookie } = await sign(c.slug, email);
    for (let i = 0; i < 4; i++) {
      const res = await resend(c.slug, cookie);
      expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed?resent=1`);
    }
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE to_addrs = json_array(?1)`).bind(email).first('n');
    expect(n).toBe(3);
  });

  it('sends the already-signed note, not a confirmation, for an address that has confirmed', async () => {
    const c = await createCampaign();
    const email = `${unique('done')}@example.org`;
    const { cookie } = await sign(c.slug, email);
    await confirmAs(await tokenFor(email));
    await resend(c.slug, cookie);
    const kinds = await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1) ORDER BY created_at, idempotency_key`).bind(email).all();
    // The confirmation request, the receipt after confirming, the note.
    expect(kinds.results.map((r) => r.kind)).toEqual(['confirm', 'receipt', 'already-signed']);
  });

  it('sends nothing without the cookie, or for a withdrawn signature, and answers the same', async () => {
    const c = await createCampaign();
    const email = `${unique('gone')}@example.org`;
    const { cookie } = await sign(c.slug, email);
    await postForm(`/s/${await tokenFor(email)}/withdraw`, {});
    for (const sent of ['', cookie]) {
      const res = await resend(c.slug, sent);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed?resent=1`);
    }
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'confirm' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first('n');
    expect(n).toBe(0); // the withdrawal dropped the first one, and nothing new was written
  });

  it('refuses a cross-site post', async () => {
    const c = await createCampaign();
    const { cookie } = await sign(c.slug, `${unique('csrf')}@example.org`);
    expect((await resend(c.slug, cookie, 'https://evil.example')).status).toBe(403);
  });
});
