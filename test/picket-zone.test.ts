import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { zoneOfPlace } from '../src/lib/place-zone';
import { adminGet, adminPost, csrfOf, signIn } from './admin-helpers';
import { createCampaign, unique } from './helpers';

// Issue 26.2: a picket's time zone follows its place, not whatever the form last held.
describe('zoneOfPlace', () => {
  it.each([
    ['GB', 'London', 'Europe/London'],
    ['DE', 'Berlin', 'Europe/Berlin'],
    ['US', 'New York', 'America/New_York'],
    ['US', 'Washington', 'America/New_York'],
    ['US', 'Los Angeles', 'America/Los_Angeles'],
    ['KZ', 'Almaty', 'Asia/Almaty'],
    ['KZ', 'Aktau', 'Asia/Almaty'],
    ['JP', 'Tokyo', 'Asia/Tokyo'],
    ['ZZ', 'Nowhere', null],
  ])('%s, %s → %s', (country, city, zone) => {
    expect(zoneOfPlace(country, city)).toBe(zone);
  });
});

async function organise() {
  const organiser = `${unique('org')}@example.org`;
  const file = await createCampaign({ organisers: [organiser] });
  const cookie = await signIn(organiser);
  return { slug: file.slug, cookie, csrf: await csrfOf(cookie, `/admin/campaigns/${file.slug}/pickets`) };
}

const row = (slug: string, key: string) =>
  env.DB.prepare('SELECT p.time_zone, p.starts_at FROM pickets p JOIN campaigns c ON c.id = p.campaign_id WHERE c.slug = ?1 AND p.key = ?2').bind(slug, key).first();

describe('POST /admin/campaigns/:slug/pickets (time zone)', () => {
  it('offers no zone prefilled from elsewhere, and each embassy with its own zone for the form\'s script', async () => {
    const { slug, cookie } = await organise();
    const html = await (await adminGet(`/admin/campaigns/${slug}/pickets`, { cookie })).text();
    expect(html).toContain('<input type="text" id="picket-timeZone" name="timeZone" value="" list="picket-zones"/>');
    expect(html).toContain('<option value="gb-london" data-country="GB" data-city="London" data-zone="Europe/London">');
    expect(html).toContain('<option value="us-new-york" data-country="US" data-city="New York" data-zone="America/New_York">');
  });

  it.each([
    ['gb-london', 'London', 'GB', '2027-06-16T12:00', 'Europe/London', '2027-06-16T11:00:00Z'],
    ['de-berlin', 'Berlin', 'DE', '2027-06-16T12:00', 'Europe/Berlin', '2027-06-16T10:00:00Z'],
    ['us-new-york', 'New York', 'US', '2027-06-16T12:00', 'America/New_York', '2027-06-16T16:00:00Z'],
    ['', 'Almaty', 'KZ', '2027-06-16T12:00', 'Asia/Almaty', '2027-06-16T07:00:00Z'],
    // The Saturday before and the Sunday the clocks go forward in London.
    ['gb-london', 'London', 'GB', '2027-03-27T12:00', 'Europe/London', '2027-03-27T12:00:00Z'],
    ['gb-london', 'London', 'GB', '2027-03-28T12:00', 'Europe/London', '2027-03-28T11:00:00Z'],
  ])('at %s in %s with the zone left empty: the place\'s zone (%s %s → %s)', async (target, city, country, start, zone, utc) => {
    const { slug, cookie, csrf } = await organise();
    const id = unique('zone').replace(/[^a-z0-9-]/g, '');
    const end = `${start.slice(0, 11)}14:00`;
    const res = await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, { _csrf: csrf, id, target, place: target ? '' : 'Republic Square', city, country, start, end, timeZone: '', meetingPoint: '', contact: '' });
    expect(res.status).toBe(303);
    expect(await row(slug, id)).toEqual({ time_zone: zone, starts_at: Date.parse(utc) });
  });

  it('keeps a zone the organiser chose (a picket elsewhere than its country\'s main zone)', async () => {
    const { slug, cookie, csrf } = await organise();
    const res = await adminPost(`/admin/campaigns/${slug}/pickets`, cookie, { _csrf: csrf, id: 'us-la', target: '', place: 'City Hall', city: 'LA', country: 'US', start: '2027-06-16T12:00', end: '2027-06-16T13:00', timeZone: 'America/Los_Angeles', meetingPoint: '', contact: '' });
    expect(res.status).toBe(303);
    expect(await row(slug, 'us-la')).toEqual({ time_zone: 'America/Los_Angeles', starts_at: Date.parse('2027-06-16T19:00:00Z') });
  });
});
