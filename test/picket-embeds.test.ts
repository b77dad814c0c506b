import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCampaign, ORIGIN, unique } from './helpers';
import { comeTo, picketFile } from './picket-helpers';

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers });

describe('GET /api/campaigns/:slug/pickets', () => {
  it('lists upcoming pickets in the asked language, cached, CORS-open, with no private contact and no names', async () => {
    const file = await createCampaign();
    const email = `${unique('e')}@example.org`;
    await comeTo(file.slug, 'de-berlin-0616', email, { name: 'Hidden Name', show: '' });
    const res = await get(`/api/campaigns/${file.slug}/pickets?lang=ru`, { origin: 'https://elsewhere.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    const body = await res.json<{ pickets: Record<string, unknown>[] }>();
    expect(body.pickets.map((p) => p.id)).toEqual(['de-berlin-0616', 'fr-paris-0616']);
    expect(body.pickets[0]).toMatchObject({ start: '2027-06-16T10:00:00.000Z', timeZone: 'Europe/Berlin', when: '16 июня 12:00, Берлин–14:00', contact: 'picket-berlin@example.org', coming: 1 });
    expect(body.pickets[1]).toMatchObject({ contact: null });
    expect(JSON.stringify(body)).not.toContain('Hidden Name');
    expect(JSON.stringify(body)).not.toContain(email);
    expect(JSON.stringify(body)).not.toContain('picket-paris@example.org');
  });

  it('answers 404 for an unknown campaign', async () => {
    expect((await get('/api/campaigns/no-such-campaign/pickets')).status).toBe(404);
  });
});

describe('GET /c/:slug/embed/pickets', () => {
  it('is a page other sites may frame, listing the pickets with links that open on our site', async () => {
    const slug = (await createCampaign({ pickets: [picketFile({ id: 'em' }), picketFile({ id: 'em-off', status: 'cancelled' })] })).slug;
    const res = await get(`/c/${slug}/embed/pickets?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const html = await res.text();
    expect(html).toContain(`<a href="/c/${slug}/pickets/em" target="_top">Embassy of Kazakhstan in Berlin, Germany</a><br/>16 June 12:00 in Berlin–14:00`);
    expect(html).toContain(' — Cancelled');
  });

  it('other pages stay unframeable', async () => {
    const file = await createCampaign();
    const res = await get(`/c/${file.slug}/pickets/de-berlin-0616`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
