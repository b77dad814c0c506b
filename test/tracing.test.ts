import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Locale, LOCALES } from '../src/i18n/index';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RAY = '8f1c0a2b3c4d5e6f-AMS';

function fetchPath(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { redirect: 'manual', ...init });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('X-Request-Id', () => {
  it('is on every kind of answer: a page, a redirect, a 304, a 404 page and a JSON error', async () => {
    const c = await createCampaign();
    const page = await fetchPath(`/c/${c.slug}`);
    const signed = await postForm(`/c/${c.slug}/sign`, { name: 'Ana', email: 'ana-rid@example.org', country: 'FR', city: 'Paris', target: 'none', consent: 'on' });
    const count = await fetchPath(`/api/campaigns/${c.slug}/count`);
    const notModified = await fetchPath(`/api/campaigns/${c.slug}/count`, { headers: { 'if-none-match': count.headers.get('etag') ?? '' } });
    const missing = await fetchPath('/no-such-page');
    const apiError = await fetchPath('/api/campaigns/no-such-campaign/count');
    expect([page.status, signed.status, count.status, notModified.status, missing.status, apiError.status]).toEqual([200, 303, 200, 304, 404, 404]);
    const ids = [page, signed, count, notModified, missing, apiError].map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the Ray ID from cf-ray when it has the shape of one', async () => {
    const res = await fetchPath('/health', { headers: { 'cf-ray': RAY } });
    expect(res.headers.get('x-request-id')).toBe(RAY);
  });

  it.each([
    ['too long', `${'a'.repeat(16)}-AMS${'x'.repeat(500)}`],
    ['markup', '<script>alert(1)</script>'],
    ['a list', `${RAY}, ${RAY}`],
    ['empty', ''],
  ])('ignores a cf-ray that is not a Ray ID (%s) and makes its own', async (_name, value) => {
    const res = await fetchPath('/health', { headers: { 'cf-ray': value } });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  it('is in the JSON error body, next to code, message and issues', async () => {
    const res = await postJson('/api/campaigns/no-such-campaign/signatures', signatureBody(), { 'cf-ray': RAY });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign at this address.', issues: [], requestId: RAY } });
  });

  const LABELS: Record<Locale, string> = { en: 'Request ID: ', ru: 'Номер запроса: ', kk: 'Сұраныс нөмірі: ', de: 'Anfragenummer: ' };
  it.each(LOCALES.map((lang) => [lang, LABELS[lang]]))('is shown on the error page, labelled in the page language (%s)', async (lang, label) => {
    const res = await fetchPath(`/no-such-page?lang=${lang}`, { headers: { 'cf-ray': RAY } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(`<p class="meta">${label}${RAY}</p>`);
  });

  it('names an unexpected error in the log and on the 500 page, with no detail for the user', async () => {
    const c = await createCampaign();
    // A campaign row the code cannot read: the kind of fault nobody planned for.
    await env.DB.prepare(`UPDATE campaigns SET settings = '{"broken":true}' WHERE slug = ?1`).bind(c.slug).run();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await fetchPath(`/c/${c.slug}`, { headers: { 'cf-ray': RAY } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe(RAY);
    const html = await res.text();
    expect(html).toContain('Something went wrong on our side. Please try again in a moment.');
    expect(html).toContain(`<p class="meta">Request ID: ${RAY}</p>`);
    expect(html).not.toContain('broken');
    expect(logged).toHaveBeenCalledWith('unexpected error', { requestId: RAY }, expect.any(Error));
  });
});

describe('405 Method Not Allowed', () => {
  it.each([
    ['PUT', '/c/SLUG/sign', 'POST'],
    ['GET', '/c/SLUG/sign', 'POST'],
    ['DELETE', '/c/SLUG', 'GET, HEAD'],
    ['PATCH', `/s/${'A'.repeat(43)}/confirm`, 'POST'],
    ['DELETE', '/admin/login/TOKEN', 'GET, HEAD, POST'],
  ])('%s %s answers 405 with Allow: %s, as a page', async (method, path, allow) => {
    const c = await createCampaign();
    // A cross-site form post, which csrf() would refuse with a 403 if it came first.
    const res = await fetchPath(path.replace('SLUG', c.slug).replace('TOKEN', 'B'.repeat(43)), {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      ...(method === 'GET' ? {} : { body: 'name=x' }),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('x-request-id')).toMatch(UUID);
    expect(await res.text()).toContain('<p>This address does not take that kind of request.</p>');
  });

  it('DELETE /api/campaigns/:slug/signatures answers 405 JSON with Allow: POST, and writes nothing', async () => {
    const c = await createCampaign();
    const res = await fetchPath(`/api/campaigns/${c.slug}/signatures`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json', 'cf-ray': RAY },
      body: JSON.stringify(signatureBody()),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'This address does not take that kind of request.', issues: [], requestId: RAY },
    });
    const signatures = await env.DB.prepare('SELECT count(*) AS n FROM signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE c.slug = ?1')
      .bind(c.slug)
      .first<{ n: number }>();
    expect(signatures?.n).toBe(0);
  });

  it('answers the 405 in the request language', async () => {
    const c = await createCampaign();
    const res = await fetchPath(`/api/campaigns/${c.slug}/count?lang=ru`, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Этот адрес не принимает такой запрос.');
  });

  it('leaves HEAD of a page, CORS preflights and unknown paths as they were', async () => {
    const c = await createCampaign();
    const head = await fetchPath(`/c/${c.slug}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const preflight = await fetchPath(`/api/campaigns/${c.slug}/count`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const unknown = await fetchPath('/nothing/here', { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('allow')).toBeNull();
  });
});
