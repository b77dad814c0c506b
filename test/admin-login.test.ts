import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminGet, adminPost, cookieOf, csrfOf, mailedLink, requestLink, signIn, useLink } from './admin-helpers';
import { createCampaign, unique } from './helpers';

function organiser(): string {
  return `${unique('org')}@example.org`;
}

describe('GET /admin', () => {
  it('asks for an email without a session', async () => {
    const res = await adminGet('/admin');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<form method="post" action="/admin/login"');
  });
});

describe('sign-in by magic link', () => {
  it('mails a link through the outbox; the link page has a button; pressing it starts a session', async () => {
    const email = organiser();
    const c = await createCampaign({ organisers: [email] });
    const asked = await requestLink(email.toUpperCase());
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('If this address belongs to an organiser, a sign-in link is on its way.');
    const outbox = await env.DB.prepare(`SELECT kind, campaign_id FROM outbox WHERE to_addrs = json_array(?1)`).bind(email).first();
    expect(outbox).toEqual({ kind: 'login', campaign_id: null });

    const token = await mailedLink(email);
    expect(token).toHaveLength(43);
    const page = await adminGet(`/admin/login/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post" action="/admin/login/${token}"><button type="submit">Sign in</button></form>`);
    // The GET starts nothing (mail scanners follow links).
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE email = ?1').bind(email).first('n')).toBe(0);

    const res = await useLink(token!);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^solidarity-session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = cookieOf(res);
    const home = await adminGet('/admin', { cookie });
    const html = await home.text();
    expect(html).toContain(`Signed in as <strong>${email}</strong>`);
    expect(html).toContain(`<a href="/admin/campaigns/${c.slug}">`);

    // Only hashes are stored.
    const sessionId = cookie.split('=')[1]!;
    const stored = await env.DB.prepare('SELECT id_hash FROM sessions WHERE email = ?1').bind(email).first<{ id_hash: string }>();
    expect(stored?.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.id_hash).not.toContain(sessionId);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM login_links WHERE token_hash = ?1').bind(token).first('n')).toBe(0);
    // The sent mail no longer holds the link.
    const sent = await env.DB.prepare(`SELECT text_body FROM outbox WHERE kind = 'login' AND to_addrs = json_array(?1)`).bind(email).first('text_body');
    expect(sent).toBe('(sent; the link is not kept)');
  });

  it('gives the same answer for an address that organises nothing, and sends nothing', async () => {
    const email = organiser();
    const known = organiser();
    await createCampaign({ organisers: [known] });
    const a = await requestLink(email);
    const b = await requestLink(known);
    expect(a.status).toBe(b.status);
    expect(await a.text()).toBe(await b.text());
    expect(await env.DB.prepare('SELECT count(*) AS n FROM outbox WHERE to_addrs = json_array(?1)').bind(email).first('n')).toBe(0);
  });

  it('re-renders the form with a message for an invalid email (422)', async () => {
    const res = await requestLink('not-an-email');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('<p class="field-error" id="email-error">Enter a valid email address, like name@example.org</p>');
  });

  it('refuses a link a second time', async () => {
    const email = organiser();
    await createCampaign({ organisers: [email] });
    await requestLink(email);
    const token = (await mailedLink(email))!;
    expect((await useLink(token)).status).toBe(303);
    const again = await useLink(token);
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('This sign-in link has expired or was already used.');
    expect((await adminGet(`/admin/login/${token}`)).status).toBe(400);
  });

  it('refuses an expired link', async () => {
    const email = organiser();
    await createCampaign({ organisers: [email] });
    await requestLink(email);
    const token = (await mailedLink(email))!;
    await env.DB.prepare('UPDATE login_links SET expires_at = ?2 WHERE email = ?1').bind(email, Date.now() - 1).run();
    expect((await adminGet(`/admin/login/${token}`)).status).toBe(400);
    const res = await useLink(token);
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('stops mailing links after three an hour to one inbox (the cap signing shares)', async () => {
    const email = organiser();
    await createCampaign({ organisers: [email] });
    for (let i = 0; i < 7; i++) expect((await requestLink(email)).status).toBe(200);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'login' AND to_addrs = json_array(?1)`).bind(email).first('n')).toBe(3);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM login_links WHERE email = ?1`).bind(email).first('n')).toBe(3);
  });

  it('refuses a sign-in form posted from another site (CSRF)', async () => {
    const res = await adminPost('/admin/login', '', { email: organiser() }, 'https://evil.example');
    expect(res.status).toBe(403);
  });
});

describe('session cookie', () => {
  it('is Secure with the __Host- prefix over https', async () => {
    const email = organiser();
    await createCampaign({ organisers: [email] });
    await requestLink(email);
    const token = (await mailedLink(email))!;
    const res = await SELF.fetch(`https://localhost/admin/login/${token}`, { method: 'POST', headers: { origin: 'https://localhost' }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-solidarity-session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const cookie = cookieOf(res);
    const home = await SELF.fetch('https://localhost/admin', { headers: { cookie } });
    expect(await home.text()).toContain(`Signed in as <strong>${email}</strong>`);
  });

  it('stops working when the session expires', async () => {
    const email = organiser();
    const c = await createCampaign({ organisers: [email] });
    const cookie = await signIn(email);
    await env.DB.prepare('UPDATE sessions SET expires_at = ?2 WHERE email = ?1').bind(email, Date.now() - 1).run();
    expect((await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv`, { cookie })).status).toBe(401);
    expect((await adminGet(`/admin/campaigns/${c.slug}`, { cookie })).headers.get('location')).toBe('/admin');
  });
});

describe('POST /admin/logout', () => {
  it('ends the session', async () => {
    const email = organiser();
    await createCampaign({ organisers: [email] });
    const cookie = await signIn(email);
    const csrf = await csrfOf(cookie);
    const res = await adminPost('/admin/logout', cookie, { _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^solidarity-session=; Max-Age=0;/);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE email = ?1').bind(email).first('n')).toBe(0);
    expect(await (await adminGet('/admin', { cookie })).text()).toContain('Sign in as an organiser');
  });

  it('refuses a sign-out without the session CSRF token', async () => {
    const email = organiser();
    await createCampaign({ organisers: [email] });
    const cookie = await signIn(email);
    const res = await adminPost('/admin/logout', cookie, { _csrf: 'x'.repeat(43) });
    expect(res.status).toBe(403);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE email = ?1').bind(email).first('n')).toBe(1);
  });
});

