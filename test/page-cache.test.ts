import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminPost, csrfOf, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /c/:slug from the Cache API', () => {
  it('serves one copy to every visitor of a language, whatever else their address or headers say', async () => {
    const c = await createCampaign();
    const first = await get(`/c/${c.slug}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    // Browsers ask every time (a 304 from our copy when nothing changed).
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const etag = first.headers.get('etag') ?? '';
    expect((await get(`/c/${c.slug}`, { 'if-none-match': etag })).status).toBe(304);
    const html = await first.text();
    const again = await get(`/c/${c.slug}?utm_source=whatsapp&source=tg-42&x=${unique()}`, { cookie: 'session=abc', authorization: 'Bearer x' });
    expect(again.headers.get('x-cache')).toBe('HIT');
    const body = await again.text();
    expect(body).toBe(html);
    expect(body).not.toContain('whatsapp');
    expect(body).not.toContain('tg-42');
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('keeps a copy per language, and per whether links carry ?lang=', async () => {
    const c = await createCampaign();
    expect((await get(`/c/${c.slug}`, { 'accept-language': 'ru' })).headers.get('x-cache')).toBe('MISS');
    expect((await get(`/c/${c.slug}?lang=ru`)).headers.get('x-cache')).toBe('MISS');
    const negotiated = await get(`/c/${c.slug}`, { 'accept-language': 'ru-RU' });
    expect(negotiated.headers.get('x-cache')).toBe('HIT');
    expect(negotiated.headers.get('content-language')).toBe('ru');
    expect(await negotiated.text()).toContain(`<form method="post" action="/c/${c.slug}/sign"`);
    const chosen = await get(`/c/${c.slug}?lang=ru&utm_medium=x`);
    expect(chosen.headers.get('x-cache')).toBe('HIT');
    expect(await chosen.text()).toContain(`<form method="post" action="/c/${c.slug}/sign?lang=ru"`);
  });

  it('never caches a form sent back with errors, nor lets one into the cached page', async () => {
    const c = await createCampaign();
    await get(`/c/${c.slug}`);
    const refused = await postForm(`/c/${c.slug}/sign`, { name: 'Typed Name', email: 'nope', country: 'FR', city: 'Lyon', target: 'none', consent: 'on' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('x-cache')).toBeNull();
    expect(await refused.text()).toContain('value="Typed Name"');
    const page = await get(`/c/${c.slug}`);
    expect(page.headers.get('x-cache')).toBe('HIT');
    const html = await page.text();
    expect(html).not.toContain('Typed Name');
    expect(html).not.toContain('field-error');
  });

  it('serves a copy older than five seconds once more while it builds the next, which the next visitor gets', async () => {
    const c = await createCampaign();
    await get(`/c/${c.slug}`);
    const body = signatureBody({ message: 'Fresh words for the wall', public: true });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)), body);
    const real = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => real() + 6_000);
    const stale = await get(`/c/${c.slug}`);
    expect(stale.headers.get('x-cache')).toBe('HIT');
    expect(await stale.text()).not.toContain('Fresh words for the wall');
    const next = await get(`/c/${c.slug}`);
    expect(next.headers.get('x-cache')).toBe('HIT');
    expect(await next.text()).toContain('Fresh words for the wall');
  });

  it('is purged when an organiser hides a message, in every language', async () => {
    const organiser = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [organiser], moderation: 'show-first' });
    const body = signatureBody({ message: 'Words to hide', public: true });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)), body);
    expect(await (await get(`/c/${c.slug}?lang=kk`)).text()).toContain('Words to hide');
    const id = await env.DB.prepare('SELECT id FROM signatures WHERE email = ?1').bind(body.email).first<number>('id');
    const cookie = await signIn(organiser);
    const csrf = await csrfOf(cookie, `/admin/campaigns/${c.slug}`);
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'hide' })).status).toBe(303);
    const after = await get(`/c/${c.slug}?lang=kk`);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await after.text()).not.toContain('Words to hide');
  });
});
