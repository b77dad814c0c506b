import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { countOf, createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor, confirmAs } from './helpers';

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers });

/** The value of `<meta property|name="key" content="…">`. */
function meta(html: string, key: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" content="([^"]*)"/>`).exec(html)?.[1];
}

async function confirmed(slug: string) {
  const body = signatureBody();
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  const token = await tokenFor(String(body.email));
  await confirmAs(token);
  return { token, email: String(body.email) };
}

describe('link previews', () => {
  it('gives the campaign page a title, description, Open Graph and Twitter tags, icons and a manifest', async () => {
    const c = await createCampaign();
    const html = await (await get(`/c/${c.slug}`)).text();
    expect(html).toContain(`<title>${c.title}</title>`);
    expect(meta(html, 'description')).toBe(c.summary);
    expect(meta(html, 'og:title')).toBe(c.title);
    expect(meta(html, 'og:description')).toBe(c.summary);
    expect(meta(html, 'og:url')).toBe(`${ORIGIN}/c/${c.slug}`);
    expect(meta(html, 'og:image')).toBe(`${ORIGIN}/images/zhanaozen-solidarity.png`);
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(html).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32"/>');
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
    expect(html).toContain('<img class="hero" src="/images/zhanaozen-solidarity.png" alt="" width="1200" height="630"/>');
    expect(meta(html, 'robots')).toBeUndefined();
  });

  it('keeps the language in og:url, and falls back to the default picture', async () => {
    const c = await createCampaign({ image: undefined });
    const html = await (await get(`/c/${c.slug}?lang=kk`)).text();
    expect(meta(html, 'og:url')).toBe(`${ORIGIN}/c/${c.slug}?lang=kk`);
    expect(meta(html, 'og:locale')).toBe('kk_KZ');
    expect(meta(html, 'og:image')).toBe(`${ORIGIN}/og-default.png`);
    expect(meta(html, 'og:image:width')).toBe('1200');
    expect(html).not.toContain('class="hero"');
  });

  it('uses an https image for previews only: the page itself loads nothing from elsewhere', async () => {
    const c = await createCampaign({ image: 'https://cdn.example.org/poster.jpg' });
    const html = await (await get(`/c/${c.slug}`)).text();
    expect(meta(html, 'og:image')).toBe('https://cdn.example.org/poster.jpg');
    expect(html).not.toContain('<img class="hero"');
  });

  it('tags every public page, and keeps personal pages out of search engines and their links out of previews', async () => {
    const c = await createCampaign();
    const { token } = await confirmed(c.slug);
    for (const path of ['/', `/c/${c.slug}`, `/c/${c.slug}/privacy`, `/c/${c.slug}/embed-code`, `/c/${c.slug}/signed`, `/s/${token}`, `/s/${token}/withdraw`, '/nowhere']) {
      const html = await (await get(path)).text();
      for (const key of ['description', 'og:title', 'og:description', 'og:image', 'og:url', 'twitter:card']) {
        expect({ path, key, value: meta(html, key) }).toEqual({ path, key, value: expect.stringMatching(/\S/) });
      }
      expect(meta(html, 'og:image'), path).toMatch(/^http:\/\/localhost\/.+\.png$/);
      const personal = path.startsWith('/s/') || path.endsWith('/signed') || path === '/nowhere';
      expect({ path, robots: meta(html, 'robots') }).toEqual({ path, robots: personal ? 'noindex' : undefined });
      expect(html, path).not.toContain(`${token}"/>`); // no personal link in any tag
    }
    const thanks = await (await get(`/s/${token}`)).text();
    expect(meta(thanks, 'og:url')).toBe(`${ORIGIN}/c/${c.slug}`);
    expect(meta(thanks, 'og:title')).toBe(c.title);
  });
});

describe('GET /s/:token (thanks) leads with sharing', () => {
  it('offers the share sheet, a link to copy and a link per channel, each with the text and a source code', async () => {
    const c = await createCampaign();
    const { token } = await confirmed(c.slug);
    const html = await (await get(`/s/${token}`)).text();
    expect(html).toContain('<script src="/share.js" defer=""></script>');
    const share = html.indexOf('<section class="share-box"');
    expect(share).toBeGreaterThan(html.indexOf('<h1>Thank you'));
    expect(share).toBeLessThan(html.indexOf('class="withdraw-link"'));
    expect(html).toContain(`data-url="${ORIGIN}/c/${c.slug}?source=share">Share…</button>`);
    expect(html).toContain(`value="${ORIGIN}/c/${c.slug}?source=link"`);
    const text = encodeURIComponent(`I signed “${c.title}”. Add your name:`);
    const url = (source: string) => encodeURIComponent(`${ORIGIN}/c/${c.slug}?source=${source}`);
    const links = [
      `https://wa.me/?text=${text}%20${url('whatsapp')}`,
      `https://t.me/share/url?url=${url('telegram')}&amp;text=${text}`,
      `https://vk.com/share.php?url=${url('vk')}&amp;title=${encodeURIComponent(c.title)}&amp;comment=${text}`,
      `https://www.facebook.com/sharer/sharer.php?u=${url('facebook')}`,
      `https://x.com/intent/tweet?text=${text}&amp;url=${url('x')}`,
      `https://bsky.app/intent/compose?text=${text}%20${url('bluesky')}`,
      `mailto:?subject=${encodeURIComponent(c.title)}&amp;body=${text}%0A%0A${url('email')}`,
    ];
    for (const href of links) expect(html).toContain(`href="${href}"`);
  });
});

describe('withdrawal asks once more', () => {
  it('the thank-you page has only a small link; its page explains and only its POST erases', async () => {
    const c = await createCampaign();
    const { token, email } = await confirmed(c.slug);
    const thanks = await (await get(`/s/${token}`)).text();
    expect(thanks).toContain(`<p class="withdraw-link">Changed your mind? <a href="/s/${token}/withdraw">Withdraw my signature</a></p>`);
    expect(thanks).not.toContain(`action="/s/${token}/withdraw"`);
    const ask = await get(`/s/${token}/withdraw`);
    expect(ask.status).toBe(200);
    const page = await ask.text();
    expect(page).toContain('<h1>Withdraw your signature?</h1>');
    expect(page).toContain('we erase your name, email address, city and message');
    expect(page).toContain(`<form method="post" action="/s/${token}/withdraw" class="buttons"><button type="submit" class="danger">Withdraw my signature and erase my data</button><a href="/s/${token}" class="button secondary">Keep my signature</a></form>`);
    // Looking (or a mail scanner following the link) changes nothing.
    expect(await countOf(c.slug)).toBe(1);
    expect((await signatureRow(c.slug, email))?.status).toBe('confirmed');
    expect((await postForm(`/s/${token}/withdraw`, {})).status).toBe(303);
    expect(await countOf(c.slug)).toBe(0);
    expect(await (await get(`/s/${token}/withdraw`)).text()).toContain('<h1>Your signature is withdrawn</h1>');
  });

  it('answers 404 for an unknown token', async () => {
    expect((await get(`/s/${'B'.repeat(43)}/withdraw`)).status).toBe(404);
  });
});

describe('GET /', () => {
  it('shows each campaign as a card with its picture, count and progress bar', async () => {
    const c = await createCampaign({ goal: 40 });
    await confirmed(c.slug);
    const html = await (await get('/')).text();
    const card = html.slice(html.indexOf(`<a href="/c/${c.slug}">`) - 200);
    expect(card).toMatch(/^[^]*<li class="campaign-card"><img src="\/images\/zhanaozen-solidarity.png" alt="" width="1200" height="630" loading="lazy"\/>/);
    expect(card).toContain('<strong data-count="true">1</strong> <span data-count-label="true">signature</span>');
    expect(card).toContain('<progress max="40" value="1"');
    expect(card).toContain('<strong class="to-go" data-to-go="true">39 to go</strong>');
  });
});

describe('rate limited', () => {
  it('is the form again, with what was typed, the reason above it', async () => {
    const c = await createCampaign();
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    const post = (i: number) =>
      SELF.fetch(`${ORIGIN}/c/${c.slug}/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': ip },
        body: new URLSearchParams({ name: `Typed ${i}`, email: `r${i}@example.org`, country: 'FR', city: 'P', target: 'none', consent: 'on' }).toString(),
        redirect: 'manual',
      });
    // In parallel, inside one of the limiter's one-minute windows.
    await Promise.all(Array.from({ length: 40 }, (_, i) => post(i)));
    const last = await post(40);
    expect(last.status).toBe(429);
    const html = await last.text();
    expect(html).toContain('<p>Too many attempts from your network. Please wait a minute and try again.</p>');
    expect(html).toContain('value="Typed 40"');
    expect(html).toContain(`action="/c/${c.slug}/sign"`);
  });
});
