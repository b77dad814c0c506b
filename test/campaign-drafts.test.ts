import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from './limits/worker';
import { adminGet, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, postJson, signatureBody, unique } from './helpers';

let slug = '';
let organiser = '';

beforeAll(async () => {
  const email = `${unique('d')}@example.org`;
  slug = (await createCampaign({ status: 'draft', organisers: [email] })).slug;
  organiser = await signIn(email);
});

// Every public address a campaign has: a draft must be unknown at each.
const PUBLIC = ['/c/:slug', '/c/:slug?lang=ru', '/c/:slug/privacy', '/c/:slug/embed-code', '/c/:slug/embed', '/c/:slug/badge.svg', '/c/:slug/deliveries', '/c/:slug/deliveries.json', '/c/:slug/deliveries/verify', '/api/campaigns/:slug/count', '/api/campaigns/:slug/count?lang=kk', '/api/campaigns/:slug/messages', '/c/:slug/signed'];

describe('a draft campaign', () => {
  for (const path of PUBLIC) {
    it(`is not found at ${path}, for the public`, async () => {
      const res = await SELF.fetch(`${ORIGIN}${path.replace(':slug', slug)}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('Zhanaozen');
    });
  }

  it('refuses signatures as if it did not exist (404), through the API and the form', async () => {
    expect((await postJson(`/api/campaigns/${slug}/signatures`, signatureBody())).status).toBe(404);
    const form = await SELF.fetch(`${ORIGIN}/c/${slug}/sign`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
    expect(form.status).toBe(404);
  });

  it('is not on the home page', async () => {
    expect(await (await SELF.fetch(`${ORIGIN}/`)).text()).not.toContain(`/c/${slug}`);
  });

  it('shows its organiser a preview with a banner, never cached', async () => {
    const res = await adminGet(`/c/${slug}`, { cookie: organiser });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toContain('class="preview-banner" role="status">Preview: this campaign is a draft.');
    // At the top: before the campaign, not placed by its desktop grid after every row (issue 27).
    expect(html.indexOf('class="preview-banner"')).toBeLessThan(html.indexOf('<article class="campaign"'));
    // The public still gets nothing after the organiser looked.
    expect((await SELF.fetch(`${ORIGIN}/c/${slug}`)).status).toBe(404);
  });

  it('is a 404 for an organiser of another campaign', async () => {
    const other = `${unique('o')}@example.org`;
    await createCampaign({ organisers: [other] });
    expect((await adminGet(`/c/${slug}`, { cookie: await signIn(other) })).status).toBe(404);
  });
});

describe('a campaign with a closing time', () => {
  it('shows how long is left while open', async () => {
    const closesAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const c = await createCampaign({ closesAt });
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text();
    expect(html).toMatch(/class="closes-at"><time datetime="[^"]+">Closes .* UTC — 3 days left<\/time>/);
  });

  it('is closed once the time has passed, at read time, and the cron stores it', async () => {
    const c = await createCampaign({ closesAt: new Date(Date.now() + 1500).toISOString() });
    await new Promise((r) => setTimeout(r, 6000));
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody());
    expect(res.status).toBe(409);
    expect(await env.DB.prepare('SELECT status FROM campaigns WHERE slug = ?1').bind(c.slug).first('status')).toBe('open');
    await worker.scheduled({ cron: '* * * * *', scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env, {} as ExecutionContext);
    const row = await env.DB.prepare('SELECT status, closed_at IS NOT NULL AS closed, json_extract(file, \'$.status\') AS file FROM campaigns WHERE slug = ?1').bind(c.slug).first();
    expect(row).toEqual({ status: 'closed', closed: 1, file: 'closed' });
  }, 20_000);
});
