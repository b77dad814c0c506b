import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCampaign, ORIGIN, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

async function signAndConfirm(slug: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const body = signatureBody(overrides);
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  await confirmAs(await tokenFor(String(body.email)), body);
}

describe('GET /c/:slug/embed', () => {
  it('renders the count, the bar and a sign link that leaves the frame, and may be framed by any site', async () => {
    const c = await createCampaign({ goal: 50 });
    await signAndConfirm(c.slug);
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}/embed`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain('<strong data-count="true">1</strong> <span data-count-label="true">signature</span>');
    expect(html).toContain('<progress max="50" value="1" aria-label="2% of the goal" data-bar="true">');
    expect(html).toContain(`<a class="sign" href="/c/${c.slug}?source=embed#sign" target="_top">Sign</a>`);
    expect(html).toContain('<script src="/embed.js" defer=""></script>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{24}"$/);
  });

  it('leaves every other page unframeable', async () => {
    const c = await createCampaign();
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers 404 with a page for an unknown campaign, and caches nothing of it', async () => {
    const slug = unique('later');
    const res = await SELF.fetch(`${ORIGIN}/c/${slug}/embed`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.headers.get('cache-control')).toBeNull();
    expect(res.headers.get('etag')).toBeNull();
    expect(await res.text()).toContain('<section class="notice"><h1>Not found</h1><p>There is no campaign with this slug.</p>');
    // The campaign appears: its embed is served at once, not a remembered 404.
    await createCampaign({ slug });
    const later = await SELF.fetch(`${ORIGIN}/c/${slug}/embed`);
    expect(later.status).toBe(200);
    expect(await later.text()).toContain('<strong data-count="true">0</strong>');
  });
});

describe('GET /c/:slug/badge.svg', () => {
  it('is an SVG with the count, cached and loadable from other origins', async () => {
    const c = await createCampaign();
    await signAndConfirm(c.slug);
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}/badge.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="20" role="img" aria-label="signatures: 1">/);
    expect(svg).toContain('<text x="');
    const etag = res.headers.get('etag') ?? '';
    const again = await SELF.fetch(`${ORIGIN}/c/${c.slug}/badge.svg`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('escapes the campaign title', async () => {
    const c = await createCampaign({ title: 'Workers <script>alert(1)</script> & "friends"' });
    const svg = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/badge.svg`)).text();
    expect(svg).toContain('<title>Workers &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;: 0 signatures</title>');
    expect(svg).not.toContain('<script>');
  });
});

describe('GET /api/campaigns/:slug/messages', () => {
  it('lists the newest public messages without emails, private ones left out', async () => {
    const c = await createCampaign();
    await signAndConfirm(c.slug, { name: 'Rosa', city: 'Berlin', country: 'DE', message: 'Stay strong' });
    await signAndConfirm(c.slug, { name: 'Hidden', message: 'Not for the wall', public: false });
    const res = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/messages`, { headers: { origin: 'https://elsewhere.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    expect(body).toEqual({
      slug: c.slug,
      messages: [{ name: 'Rosa', city: 'Berlin', country: 'DE', message: 'Stay strong', confirmedAt: expect.any(Number) }],
    });
    expect(JSON.stringify(body)).not.toContain('@');
  });

  it('answers 404 JSON for an unknown campaign', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/campaigns/no-such-campaign/messages`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign with this slug.', issues: [], requestId: res.headers.get('x-request-id') } });
  });
});

describe('GET /c/:slug (live and embeddable)', () => {
  it('loads the live script and keeps the embed code off the page, behind a small link', async () => {
    const c = await createCampaign({ title: 'Say "no" & <mean> it' });
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text();
    expect(html).toContain('<script src="/campaign.js" defer=""></script>');
    expect(html).toMatch(new RegExp(`<div class="progress" data-count-for="${c.slug}" data-updated-at="\\d{4}-\\d\\d-\\d\\dT[^"]+Z">`));
    expect(html).toContain(`<ol data-wall="${c.slug}" data-empty="No public messages yet." aria-live="polite">`);
    expect(html).toContain(`<p class="more"><a href="/c/${c.slug}/embed-code">Put the live count on your own site</a></p>`);
    expect(html).not.toContain('<textarea id="embed-script"');
  });

  it('shows the next milestone once the goal is passed', async () => {
    const c = await createCampaign({ goal: 1, milestones: [5] });
    await signAndConfirm(c.slug);
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text();
    expect(html).toContain('<strong class="to-go" data-to-go="true">4 to go</strong><span class="goal">Goal <span data-goal="true">5</span></span>');
    expect(html).toContain('<p class="today" data-today="true">1 signed today</p>');
  });
});

describe('GET /c/:slug/embed-code', () => {
  it('shows the three snippets in read-only text areas, each with a preview', async () => {
    const c = await createCampaign({ title: 'Say "no" & <mean> it' });
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}/embed-code`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script src="/campaign.js" defer=""></script><script src="/widget.js" defer=""></script>');
    expect(html).toContain(
      `<textarea id="embed-script" readonly="" rows="3" data-copy="true">&lt;script async id=&quot;solidarity-widget&quot; src=&quot;${ORIGIN}/widget.js&quot; data-campaign=&quot;${c.slug}&quot;&gt;&lt;/script&gt;</textarea>`,
    );
    expect(html).toContain(
      `&lt;iframe src=&quot;${ORIGIN}/c/${c.slug}/embed&quot; title=&quot;Say &amp;quot;no&amp;quot; &amp;amp; &amp;lt;mean&amp;gt; it&quot; width=&quot;320&quot; height=&quot;190&quot;`,
    );
    expect(html).toContain(`&lt;img src=&quot;${ORIGIN}/c/${c.slug}/badge.svg&quot;`);
    expect(html).toContain(`<div class="preview"><div data-solidarity-campaign="${c.slug}" data-lang="en"></div></div>`);
    expect(html).toContain(`<div class="preview"><iframe src="/c/${c.slug}/embed" title="Say &quot;no&quot; &amp; &lt;mean&gt; it" width="320" height="190" loading="lazy"></iframe></div>`);
    // Our own pages may frame only our own embed.
    expect(res.headers.get('content-security-policy')).toContain("frame-src 'self'");
  });

  it('answers 404 for an unknown campaign', async () => {
    expect((await SELF.fetch(`${ORIGIN}/c/no-such-campaign/embed-code`)).status).toBe(404);
  });
});

describe('cross-origin signing (the full widget)', () => {
  it('answers the JSON preflight and the POST with open CORS', async () => {
    const c = await createCampaign();
    const pre = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/signatures`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:9999', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody(), { origin: 'http://127.0.0.1:9999' });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await env.DB.prepare('SELECT count(*) AS n FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first('n')).toBe(1);
  });
});

describe('framing', () => {
  it('allows framing only for /c/:slug/embed, not for other paths ending in /embed', async () => {
    const c = await createCampaign();
    expect((await SELF.fetch(`${ORIGIN}/c/${c.slug}/embed`)).headers.get('content-security-policy')).toContain('frame-ancestors *');
    for (const path of ['/admin/campaigns/embed', '/c/embed', '/api/embed']) {
      const res = await SELF.fetch(`${ORIGIN}${path}`, { redirect: 'manual' });
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      // A page also says so to browsers without CSP; data answers carry the short set.
      const page = (res.headers.get('content-type') ?? '').startsWith('text/html');
      expect(res.headers.get('x-frame-options'), path).toBe(page ? 'DENY' : null);
    }
    expect((await SELF.fetch(`${ORIGIN}/c/embed`)).headers.get('content-type')).toContain('text/html');
  });

  it('keeps organiser pages and data out of browser caches', async () => {
    for (const path of ['/admin', '/api/admin/campaigns/x/stats']) {
      const res = await SELF.fetch(`${ORIGIN}${path}`, { redirect: 'manual' });
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});
