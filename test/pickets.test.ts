import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCampaign, mailTo, ORIGIN, unique } from './helpers';
import { attendeeRow, campaignWithPickets, comeTo, picketFile, picketTokenFor, pressLink, rsvpForm } from './picket-helpers';

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers, redirect: 'manual' });

describe('GET /c/:slug (Pickets section)', () => {
  it('lists upcoming pickets grouped by country, each in its own zone, with their links', async () => {
    const file = await createCampaign();
    const html = await (await get(`/c/${file.slug}?lang=en`)).text();
    expect(html).toContain('<h2 id="pickets-heading">Pickets</h2>');
    expect(html).toContain('<div class="picket-country" data-country="DE"><h3>Germany</h3>');
    expect(html).toContain(`<a href="/c/${file.slug}/pickets/de-berlin-0616?lang=en">Embassy of Kazakhstan in Berlin, Germany</a>`);
    expect(html).toContain('<span class="picket-when">16 June 12:00 in Berlin–14:00</span>');
    expect(html).toContain('data-start="2027-06-16T10:00:00.000Z" data-zone="Europe/Berlin"');
    expect(html).toContain('<span class="picket-when">16 June 18:00 in Paris–19:30</span>');
    expect(html).toContain('<script src="/pickets.js" defer=""></script>');
  });

  it('in Russian and Kazakh too, and says so with a link to the form when there is no picket', async () => {
    const file = await createCampaign();
    expect(await (await get(`/c/${file.slug}?lang=ru`)).text()).toContain('<span class="picket-when">16 июня 12:00, Берлин–14:00</span>');
    const kk = await (await get(`/c/${file.slug}?lang=kk`)).text();
    expect(kk).toContain('<h2 id="pickets-heading">Пикеттер</h2>');
    expect(kk).toContain('<span class="picket-when">16 маусым 12:00, Берлин–14:00</span>');
    const none = await createCampaign({ pickets: [] });
    expect(await (await get(`/c/${none.slug}?lang=en`)).text()).toContain(
      '<p>No picket is planned yet. Send your protest by email with the form: it reaches the embassy too. <a href="#sign">Sign and send your protest</a></p>',
    );
  });

  it('keeps a cancelled picket listed as cancelled, and leaves out pickets that are over', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'gone', status: 'cancelled' }), picketFile({ id: 'past', start: '2020-06-16T12:00', end: '2020-06-16T13:00' })]);
    const html = await (await get(`/c/${slug}?lang=en`)).text();
    expect(html).toMatch(/<li class="picket cancelled"[^>]*><a href="\/c\/[^"]+\/pickets\/gone\?lang=en">[^<]+<\/a><strong class="picket-status"> Cancelled<\/strong>/);
    expect(html).not.toContain('/pickets/past');
  });
});

describe('GET /c/:slug/pickets/:id', () => {
  it('shows where and when, the map link, the .ics and the public contact; a private contact stays off the page', async () => {
    const file = await createCampaign();
    const berlin = await (await get(`/c/${file.slug}/pickets/de-berlin-0616?lang=en`)).text();
    expect(berlin).toContain('16 June 12:00 in Berlin–14:00 (UTC+02:00)');
    expect(berlin).toContain('<dd>picket-berlin@example.org</dd>');
    expect(berlin).toContain('href="https://www.openstreetmap.org/search?query=Embassy%20of%20Kazakhstan%20in%20Berlin%2C%20Germany%2C%20Germany"');
    expect(berlin).toContain(`href="/c/${file.slug}/pickets/de-berlin-0616.ics"`);
    expect(berlin).toContain('0 people are coming');
    const paris = await (await get(`/c/${file.slug}/pickets/fr-paris-0616`)).text();
    expect(paris).not.toContain('picket-paris@example.org');
  });

  it('answers 404 for an unknown picket, another campaign\'s picket and a malformed id', async () => {
    const a = await createCampaign();
    const b = await campaignWithPickets([picketFile({ id: 'only-in-b' })]);
    expect((await get(`/c/${a.slug}/pickets/nope`)).status).toBe(404);
    expect((await get(`/c/${a.slug}/pickets/only-in-b`)).status).toBe(404);
    expect((await get(`/c/${b}/pickets/only-in-b`)).status).toBe(200);
    expect([404, 422]).toContain((await get(`/c/${a.slug}/pickets/%3Cscript%3E`)).status);
  });
});

describe('GET /c/:slug/pickets/:id.ics', () => {
  it('is an RFC 5545 event in UTC with a stable UID, CRLF and escaped text', async () => {
    const file = await createCampaign();
    const res = await get(`/c/${file.slug}/pickets/de-berlin-0616.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await res.text();
    const unfolded = ics.replace(/\r\n /g, '');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
    expect(ics).toMatch(/\r\nUID:picket-\d+@localhost\r\nDTSTAMP:\d{8}T\d{6}Z\r\nDTSTART:20270616T100000Z\r\nDTEND:20270616T120000Z\r\n/);
    expect(unfolded).toContain('\r\nLOCATION:Embassy of Kazakhstan in Berlin\\, Germany — On the pavement opposite the embassy entrance\r\n');
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('answers 404 for another campaign\'s picket', async () => {
    const a = await createCampaign();
    const b = await campaignWithPickets([picketFile({ id: 'b-only' })]);
    expect((await get(`/c/${a.slug}/pickets/b-only.ics`)).status).toBe(404);
    expect((await get(`/c/${b}/pickets/b-only.ics`)).status).toBe(200);
  });
});

describe('POST /c/:slug/pickets/:id/rsvp', () => {
  it('stores a pending attendee and mails the confirmation link; confirming counts them, without their name', async () => {
    const file = await createCampaign();
    const email = `${unique('rsvp')}@example.org`;
    const res = await rsvpForm(file.slug, 'de-berlin-0616', { email, name: 'Rosa' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${file.slug}/pickets/de-berlin-0616/check-inbox`);
    expect(await attendeeRow(email)).toMatchObject({ status: 'pending', name: 'Rosa', show_name: 0, confirmed_at: null });
    const mail = (await mailTo(email)).at(-1);
    expect(mail?.subject).toBe('Confirm: picket Embassy of Kazakhstan in Berlin, Germany, 16 June');
    const token = await picketTokenFor(email);
    expect(await (await get(`/p/${token}`)).text()).toContain('Yes, I’ll be there</button>');
    expect((await pressLink(`/p/${token}/confirm`)).status).toBe(303);
    expect(await attendeeRow(email)).toMatchObject({ status: 'confirmed' });
    const page = await (await get(`/c/${file.slug}/pickets/de-berlin-0616?lang=en&fresh=${unique()}`)).text();
    expect(page).not.toContain('Rosa');
  });

  it('shows the name of someone who ticked "show my name"', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'named' })]);
    await comeTo(slug, 'named', `${unique('n')}@example.org`, { name: 'Clara Z', show: 'on' });
    await new Promise((r) => setTimeout(r, 1100)); // the isolate's own copy lives a second
    const page = await (await get(`/c/${slug}/pickets/named`)).text();
    expect(page).toContain('Coming: <bdi>Clara Z</bdi>');
    expect(page).toContain('1 person is coming');
  });

  it('re-renders the form with a message per field for a bad email and no consent (422), storing nothing', async () => {
    const file = await createCampaign();
    const res = await rsvpForm(file.slug, 'de-berlin-0616', { email: 'not-an-email', name: 'Typed', consent: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="rsvp-email-error">Enter a valid email address, like name@example.org</p>');
    expect(html).toContain('id="rsvp-consent-error">Please agree, so that we may keep your address for the reminder.</p>');
    expect(html).toContain('value="Typed"');
    expect(await attendeeRow('not-an-email')).toBeNull();
  });

  it('refuses a cross-site form (CSRF), a cancelled picket and another campaign\'s picket', async () => {
    const file = await createCampaign();
    const email = `${unique('x')}@example.org`;
    const cross = await SELF.fetch(`${ORIGIN}/c/${file.slug}/pickets/de-berlin-0616/rsvp`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ email, consent: 'on' }).toString(), redirect: 'manual',
    });
    expect(cross.status).toBe(403);
    const slug = await campaignWithPickets([picketFile({ id: 'off', status: 'cancelled' })]);
    expect((await rsvpForm(slug, 'off', { email })).status).toBe(409);
    expect((await rsvpForm(file.slug, 'off', { email })).status).toBe(404);
    expect(await attendeeRow(email)).toBeNull();
  });

  it('mails one inbox at most three links an hour, whatever it asks, and answers the same', async () => {
    const file = await createCampaign();
    const email = `${unique('cap')}@example.org`;
    for (let i = 0; i < 5; i++) expect((await rsvpForm(file.slug, i % 2 ? 'de-berlin-0616' : 'fr-paris-0616', { email })).status).toBe(303);
    const { results } = await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1)`).bind(email).all();
    expect(results).toHaveLength(3);
  });
});

describe('/p/:token', () => {
  it('refuses a forged or malformed token (404) and changes nothing', async () => {
    const file = await createCampaign();
    const email = `${unique('f')}@example.org`;
    await rsvpForm(file.slug, 'de-berlin-0616', { email });
    const token = await picketTokenFor(email);
    const forged = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect((await get(`/p/${forged}`)).status).toBe(404);
    expect((await pressLink(`/p/${forged}/confirm`)).status).toBe(404);
    expect((await pressLink('/p/short/confirm')).status).toBe(404);
    expect(await attendeeRow(email)).toMatchObject({ status: 'pending' });
  });

  it('answers a link in the old form (/s/p/…, mailed before the move) with a 308 to its /p/ address, a button’s POST included', async () => {
    const token = 'A'.repeat(43);
    const page = await SELF.fetch(`${ORIGIN}/s/p/${token}?lang=ru`, { redirect: 'manual' });
    expect([page.status, page.headers.get('location')]).toEqual([308, `/p/${token}?lang=ru`]);
    const button = await pressLink(`/s/p/${token}/withdraw`);
    expect([button.status, button.headers.get('location')]).toEqual([308, `/p/${token}/withdraw`]);
    expect((await get(`/s/p/${token}/other`)).status).toBe(404);
  });

  it('withdraws with one button: uncounted, address and name erased', async () => {
    const file = await createCampaign();
    const email = `${unique('w')}@example.org`;
    const token = await comeTo(file.slug, 'fr-paris-0616', email, { name: 'Wanda' });
    expect((await pressLink(`/p/${token}/withdraw`)).status).toBe(303);
    expect(await attendeeRow(email)).toBeNull();
    const row = await env.DB.prepare(`SELECT status, email, inbox, name FROM picket_attendees WHERE name = '' AND status = 'withdrawn' ORDER BY id DESC LIMIT 1`).first();
    expect(row).toEqual({ status: 'withdrawn', email: null, inbox: null, name: '' });
    expect(await (await get(`/p/${token}`)).text()).toContain('You are no longer coming');
  });
});

describe('a picket across a DST change', () => {
  it('on the last Sunday of March in Berlin, 01:30 to 03:30 is one hour, stored and in the .ics in UTC', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'dst', start: '2027-03-28T01:30', end: '2027-03-28T03:30' })]);
    const row = await env.DB.prepare(`SELECT starts_at, ends_at FROM pickets WHERE key = 'dst' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(slug).first<{ starts_at: number; ends_at: number }>();
    expect(row).toEqual({ starts_at: Date.parse('2027-03-28T00:30:00Z'), ends_at: Date.parse('2027-03-28T01:30:00Z') });
    const ics = await (await get(`/c/${slug}/pickets/dst.ics`)).text();
    expect(ics).toContain('\r\nDTSTART:20270328T003000Z\r\nDTEND:20270328T013000Z\r\n');
    expect(await (await get(`/c/${slug}/pickets/dst?lang=en`)).text()).toContain('28 March 01:30 in Berlin–03:30 (UTC+01:00)');
  });
});

describe('POST /p/:token/confirm', () => {
  it('refuses an expired link (400) and a picket cancelled meanwhile (409), leaving the reply pending', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'late' })]);
    const email = `${unique('late')}@example.org`;
    await rsvpForm(slug, 'late', { email });
    const token = await picketTokenFor(email);
    await env.DB.prepare('UPDATE picket_attendees SET token_expires_at = 1 WHERE email = ?1').bind(email).run();
    expect((await pressLink(`/p/${token}/confirm`)).status).toBe(400);
    await env.DB.prepare('UPDATE picket_attendees SET token_expires_at = ?2 WHERE email = ?1').bind(email, Date.now() + 86_400_000).run();
    await env.DB.prepare(`UPDATE pickets SET status = 'cancelled' WHERE key = 'late'`).run();
    expect((await pressLink(`/p/${token}/confirm`)).status).toBe(409);
    expect(await attendeeRow(email)).toMatchObject({ status: 'pending' });
  });
});
