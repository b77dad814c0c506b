import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminGet, signIn } from './admin-helpers';
import { createCampaign, unique } from './helpers';

async function dashboard(origin: string, lang = 'en'): Promise<{ status: number; html: string }> {
  const organiser = `${unique('org')}@example.org`;
  const c = await createCampaign({ organisers: [organiser] });
  // Signed in over http; on an https origin the same session travels in the __Host- cookie.
  const cookie = (await signIn(organiser)).replace(/^solidarity-session=/, '__Host-solidarity-session=');
  const res = await SELF.fetch(`${origin}/admin/campaigns/${c.slug}?lang=${lang}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

describe('GET /admin/campaigns/:slug on a *.workers.dev address', () => {
  it('says that the page cache is off there, what it costs and where the custom-domain steps are', async () => {
    const { status, html } = await dashboard('https://solidarity.someone.workers.dev');
    expect(status).toBe(200);
    for (const fragment of [
      '<h2 id="cache-notice-heading">The page cache is off on this address</h2>',
      'This dashboard is served from solidarity.someone.workers.dev.',
      'at most once every 5 seconds',
      'for up to 35 seconds on other copies of the Worker',
      'the whole account has 100,000 a day.',
      'the steps are in <code>docs/deploying.md</code>',
      '<a href="https://developers.cloudflare.com/workers/configuration/routing/custom-domains/" rel="noopener">',
    ]) expect(html).toContain(fragment);
  });

  it('says it in Russian and Kazakh too', async () => {
    expect((await dashboard('https://solidarity.someone.workers.dev', 'ru')).html).toContain('На этом адресе кэш страниц не работает');
    expect((await dashboard('https://solidarity.someone.workers.dev', 'kk')).html).toContain('Бұл мекенжайда беттер кэші өшірулі');
  });
});

describe('GET /admin/campaigns/:slug on a custom domain', () => {
  it('says nothing about the page cache', async () => {
    const { status, html } = await dashboard('https://solidarity.example.org');
    expect(status).toBe(200);
    expect(html).not.toContain('data-cache-notice');
  });

  it('says nothing on localhost either (npm start)', async () => {
    const organiser = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [organiser] });
    const res = await adminGet(`/admin/campaigns/${c.slug}`, { cookie: await signIn(organiser) });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('data-cache-notice');
  });
});
