import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, unique } from './helpers';
import { appRoutes } from './route-table';
import { campaignWithPickets, picketFile } from './picket-helpers';

/**
 * Issue 24.5: a draft is its organisers' alone. Every route the app answers that names a
 * campaign (read from the app's own route table, so a route added later is tried too) is
 * asked about a draft that has a planned picket, by someone who is not signed in.
 */
const TITLE = unique('Secret draft title');
const PICKET = 'draft-picket';
let slug = '';

/** The routes that name a campaign, admin ones left out (they need a session and have their own tests). */
function campaignRoutes(): { method: string; path: string }[] {
  return appRoutes().filter((r) => r.path.includes(':slug') && !r.path.includes('admin'));
}

/** The slug, and for `:id` the draft's picket (a receipt-shaped id where a receipt is asked for). */
const fill = (path: string) => path.replace(':slug', slug).replace(':id', path.includes('/receipts/') ? '0123456789abcdef'.repeat(2) : PICKET);

function ask(method: string, path: string): Promise<Response> {
  const init: RequestInit = { method, redirect: 'manual', headers: { origin: ORIGIN } };
  if (method === 'POST') {
    const json = path.startsWith('/api/');
    init.headers = { origin: ORIGIN, 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' };
    init.body = json ? JSON.stringify({ email: `${unique('x')}@example.org` }) : `email=${unique('x')}%40example.org&consent=on`;
  }
  return SELF.fetch(`${ORIGIN}${fill(path)}`, init);
}

beforeAll(async () => {
  slug = await campaignWithPickets([picketFile({ id: PICKET })], { status: 'draft', title: TITLE, summary: `${TITLE} summary` });
});

describe('a draft campaign, on every route that names a campaign', () => {
  it('finds the routes to try in the app itself', () => {
    const paths = campaignRoutes().map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /api/campaigns/:slug/pickets', 'GET /c/:slug/pickets/:id', 'GET /c/:slug/embed/pickets', 'GET /c/:slug/pickets/:id/check-inbox']));
  });

  it('answers 404 everywhere, never the draft or its picket', async () => {
    const answers: string[] = [];
    for (const { method, path } of campaignRoutes()) {
      const res = await ask(method, path);
      const body = await res.text();
      answers.push(`${method} ${path} ${res.status}${body.includes(TITLE) ? ' with its title' : ''}`);
    }
    expect(answers).toEqual(campaignRoutes().map(({ method, path }) => `${method} ${path} 404`));
  });

  it('answers 404 for the picket calendar (.ics), which the route table spells as the picket page', async () => {
    const res = await SELF.fetch(`${ORIGIN}/c/${slug}/pickets/${PICKET}.ics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('BEGIN:VCALENDAR');
  });
});
