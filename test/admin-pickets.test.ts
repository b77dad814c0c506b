import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCampaign, unique } from './helpers';
import { adminGet, adminPost, csrfOf, signIn } from './admin-helpers';
import { comeTo } from './picket-helpers';

/** A campaign organised by a fresh address, signed in; returns its slug, cookie and CSRF token. */
async function organise() {
  const organiser = `${unique('org')}@example.org`;
  const file = await createCampaign({ organisers: [organiser] });
  const cookie = await signIn(organiser);
  const csrf = await csrfOf(cookie, `/admin/campaigns/${file.slug}/pickets`);
  return { slug: file.slug, cookie, csrf };
}

const form = (csrf: string, overrides: Record<string, string> = {}) => ({
  _csrf: csrf, id: 'de-berlin-extra', target: 'de-berlin', place: '', city: 'Berlin', country: 'DE',
  start: '2027-06-16T17:00', end: '2027-06-16T18:00', timeZone: 'Europe/Berlin', meetingPoint: 'By the gate', contact: '', ...overrides,
});

const picketRow = (slug: string, key: string) =>
  env.DB.prepare('SELECT p.* FROM pickets p JOIN campaigns c ON c.id = p.campaign_id WHERE c.slug = ?1 AND p.key = ?2').bind(slug, key).first<Record<string, unknown>>();

describe('GET /admin/campaigns/:slug/pickets', () => {
  it('lists the pickets with how many are coming, linked from the dashboard', async () => {
    const { slug, cookie } = await organise();
    await comeTo(slug, 'de-berlin-0616', `${unique('a')}@example.org`);
    const dash = await (await adminGet(`/admin/campaigns/${slug}`, { cookie })).text();
    expect(dash).toContain(`<a href="/admin/campaigns/${slug}/pickets">Pickets</a>`);
    const html = await (await adminGet(`/admin/campaigns/${slug}/pickets`, { cookie })).text();
    expect(html).toMatch(/<tr data-picket="de-berlin-0616">.*?<td data-coming="true">1<\/td><td>0<\/td><td>planned<\/td>/);
  });

  it('sends a stranger to sign in and refuses an organiser of another campaign (403)', async () => {
    const { slug } = await organise();
    expect((await adminGet(`/admin/campaigns/${slug}/pickets`)).status).toBe(303);
    const other = await organise();
    expect((await adminGet(`/admin/campaigns/${slug}/pickets`, { cookie: other.cookie })).status).toBe(403);
    expect((await adminGet(`/admin/campaigns/${slug}/pickets/de-berlin-0616/attendees.csv`, { cookie: other.cookie })).status).toBe(403);
  });
});

describe('POST /admin/campaigns/:slug/pickets', () => {
  it('adds a picket, stored with its UTC times, and it shows on the campaign page', async () => {
    const { slug, cookie, csrf } = await organise();
    const res = await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, form(csrf));
    expect(res.status).toBe(303);
    expect(await picketRow(slug, 'de-berlin-extra')).toMatchObject({ starts_at: Date.parse('2027-06-16T15:00:00Z'), time_zone: 'Europe/Berlin', status: 'planned', version: 1 });
    const audit = await env.DB.prepare(`SELECT action FROM audit_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(slug).all();
    expect(audit.results).toContainEqual({ action: 'picket.add' });
    expect(await (await adminGet(`/c/${slug}?lang=en`)).text()).toContain('16 June 17:00 in Berlin–18:00');
  });

  it('re-renders the form with a message per field for a made-up zone, a skipped time and an unknown target (422)', async () => {
    const { slug, cookie, csrf } = await organise();
    const zone = await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, form(csrf, { timeZone: 'Berlin' }));
    expect(zone.status).toBe(422);
    expect(await zone.text()).toContain('id="picket-timeZone-error">Use an IANA time zone such as Europe/Berlin.</p>');
    const gap = await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, form(csrf, { start: '2027-03-28T02:30', end: '2027-03-28T04:00' }));
    expect(gap.status).toBe(422);
    expect(await gap.text()).toContain('This time does not exist in that time zone (the clocks skip it).');
    const target = await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, form(csrf, { target: 'nowhere' }));
    expect(target.status).toBe(422);
    expect(await picketRow(slug, 'de-berlin-extra')).toBeNull();
  });

  it('refuses a form without the session\'s CSRF token or from another origin, writing nothing', async () => {
    const { slug, cookie, csrf } = await organise();
    expect((await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, form('forged'))).status).toBe(403);
    expect((await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, form(csrf), 'https://evil.example')).status).toBe(403);
    expect(await picketRow(slug, 'de-berlin-extra')).toBeNull();
  });
});

describe('editing a picket on the dashboard', () => {
  it('fills the form with the picket, and moving it tells those coming once', async () => {
    const { slug, cookie, csrf } = await organise();
    const email = `${unique('e')}@example.org`;
    await comeTo(slug, 'de-berlin-0616', email);
    const html = await (await adminGet(`/admin/campaigns/${slug}/pickets?edit=de-berlin-0616`, { cookie })).text();
    expect(html).toContain('<h2 id="picket-form">Edit picket de-berlin-0616</h2>');
    expect(html).toContain('id="picket-start" name="start" value="2027-06-16T12:00"');
    const moved = form(csrf, { id: 'de-berlin-0616', start: '2027-06-16T13:00', end: '2027-06-16T15:00', meetingPoint: 'On the pavement opposite the embassy entrance' });
    expect((await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, moved)).status).toBe(303);
    expect((await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, moved)).status).toBe(303);
    expect(await picketRow(slug, 'de-berlin-0616')).toMatchObject({ version: 2, starts_local: '2027-06-16T13:00' });
    const notices = await env.DB.prepare(`SELECT idempotency_key AS k FROM outbox WHERE to_addrs = json_array(?1) AND kind = 'picket-notice'`).bind(email).all<{ k: string }>();
    expect(notices.results.map((r) => r.k)).toEqual([expect.stringMatching(/:moved:v2$/)]);
    expect((await adminGet(`/admin/campaigns/${slug}/pickets?edit=nope`, { cookie })).status).toBe(404);
  });
});

describe('POST /admin/campaigns/:slug/pickets/:id/cancel', () => {
  it('cancels: still listed as cancelled, those coming told once', async () => {
    const { slug, cookie, csrf } = await organise();
    const email = `${unique('c')}@example.org`;
    await comeTo(slug, 'fr-paris-0616', email);
    expect((await adminPost(`/admin/campaigns/${slug}/pickets/fr-paris-0616/cancel`, cookie, { _csrf: csrf })).status).toBe(303);
    expect((await adminPost(`/admin/campaigns/${slug}/pickets/fr-paris-0616/cancel`, cookie, { _csrf: csrf })).status).toBe(303);
    expect(await picketRow(slug, 'fr-paris-0616')).toMatchObject({ status: 'cancelled' });
    const notices = await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1) AND kind = 'picket-notice'`).bind(email).all();
    expect(notices.results).toHaveLength(1);
  });

  it('answers 404 for another campaign\'s picket and 403 without CSRF', async () => {
    const { slug, cookie, csrf } = await organise();
    expect((await adminPost(`/admin/campaigns/${slug}/pickets/not-here/cancel`, cookie, { _csrf: csrf })).status).toBe(404);
    expect((await adminPost(`/admin/campaigns/${slug}/pickets/fr-paris-0616/cancel`, cookie, { _csrf: 'x' })).status).toBe(403);
    expect(await picketRow(slug, 'fr-paris-0616')).toMatchObject({ status: 'planned' });
  });
});

describe('GET /admin/campaigns/:slug/pickets/:id/attendees.csv', () => {
  it('exports those coming, with formula starts neutralised', async () => {
    const { slug, cookie } = await organise();
    const email = `${unique('csv')}@example.org`;
    await comeTo(slug, 'de-berlin-0616', email, { name: '=HYPERLINK("x")' });
    const res = await adminGet(`/admin/campaigns/${slug}/pickets/de-berlin-0616/attendees.csv`, { cookie });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('"id","status","name","email","show name","language","answered at","confirmed at"');
    expect(csv).toContain(`"confirmed","'=HYPERLINK(""x"")","${email}","no","en"`);
  });
});

describe('pickets edited on the dashboard and the campaign file', () => {
  it('the file read back (API, editor, pull) has the dashboard’s pickets, and push must ask before overwriting them', async () => {
    const { slug, cookie, csrf } = await organise();
    expect((await adminPost(`/admin/campaigns/${slug}/pickets/fr-paris-0616/cancel`, cookie, { _csrf: csrf })).status).toBe(303);
    const file = await (await adminGet(`/api/admin/campaigns/${slug}`, { cookie })).json<{ pickets: { id: string; status: string }[] }>();
    expect(file.pickets.map((p) => [p.id, p.status])).toEqual([['de-berlin-0616', 'planned'], ['fr-paris-0616', 'cancelled']]);
    const hash = await env.DB.prepare('SELECT source_hash FROM campaigns WHERE slug = ?1').bind(slug).first<string>('source_hash');
    expect(hash).toMatch(/^web:[0-9a-f]{64}$/);
  });
});
