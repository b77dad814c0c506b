import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from './limits/worker';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody, tokenFor, confirmAs } from './helpers';

describe('GET /', () => {
  it('lists open campaigns and not closed ones', async () => {
    const open = await createCampaign({ title: 'An open campaign' });
    const closed = await createCampaign({ title: 'A closed campaign', status: 'closed' });
    const html = await (await SELF.fetch(`${ORIGIN}/`)).text();
    expect(html).toContain(`<a href="/c/${open.slug}">An open campaign</a>`);
    expect(html).not.toContain(closed.slug);
  });
});

describe('GET /c/:slug', () => {
  it('shows the appeal, demands, count, progress and an accessible form', async () => {
    const c = await createCampaign();
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>${c.title}</h1>`);
    expect(html).toContain('<li>The immediate release of Natalia Sokolova</li>');
    expect(html).toContain('<strong data-count="true">0</strong>');
    expect(html).toContain('<progress max="1000" value="0"');
    for (const field of ['name', 'email', 'country', 'city', 'message', 'target', 'public', 'consent']) {
      expect(html).toContain(`<label for="${field}">`);
      expect(html).toContain(`id="${field}"`);
    }
    expect(html).toContain('<optgroup label="France" data-country="FR"><option value="fr-paris">Embassy of Kazakhstan in Paris, France</option></optgroup>');
    expect(html).toMatch(/<input type="checkbox" id="public" name="public"\/>/);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[^"]*\.(js|css)/);
  });

  it('shows a closed campaign without a form', async () => {
    const c = await createCampaign({ status: 'closed' });
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text();
    expect(html).toContain('This campaign is closed and no longer takes signatures.');
    expect(html).not.toContain('<form method="post"');
  });

  it('answers an unknown campaign with a 404 page', async () => {
    const res = await SELF.fetch(`${ORIGIN}/c/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Not found</h1>');
  });

  it('answers signing a closed campaign with a 409 page', async () => {
    const c = await createCampaign({ status: 'closed' });
    const res = await postForm(`/c/${c.slug}/sign`, { name: 'A', email: 'a@example.org', country: 'FR', city: 'P', target: 'none', consent: 'on' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('<h1>This campaign is closed</h1>');
  });

  it('re-renders the form with the input, a message per field and focus on the first error', async () => {
    const c = await createCampaign();
    const res = await postForm(`/c/${c.slug}/sign`, { name: 'Ana <b>', email: 'not-an-email', country: 'FR', city: '', message: 'Hi', consent: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="Ana &lt;b&gt;"');
    expect(html).toContain('<input type="email" autocomplete="email" maxlength="254" required="" value="not-an-email" id="email" name="email" aria-invalid="true" aria-describedby="email-error" autofocus=""/>');
    expect(html).toContain('<p class="field-error" id="email-error">Enter a valid email address, like name@example.org</p>');
    expect(html).toContain('<p class="field-error" id="city-error">Enter your city</p>');
    expect(html).toContain('<p class="field-error" id="consent-error">You must agree to the privacy notice to sign</p>');
    expect(html).toContain('<option value="FR" selected="">France</option>');
    expect(html).toContain('>Hi</textarea>');
    expect(html).toContain('<div class="error-summary" role="alert">');
  });

  it('serves a privacy notice generated from the campaign file', async () => {
    const c = await createCampaign();
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/privacy`)).text();
    expect(html).toContain('Data controller: Zhanaozen Solidarity campaign.');
    expect(html).toContain('Notice version 2026-11-28.');
    // What updates and pickets do with an address, and when it goes.
    expect(html).toContain('If you tick “Keep me updated”, your email address is also used for this campaign’s news;');
    expect(html).toContain('they are erased once the picket is over and the retention period above has passed, and at once if you withdraw.</p>');
  });
});

describe('GET /s/:token', () => {
  it('answers a malformed or unknown token with a clear 404 page', async () => {
    for (const token of ['short', 'A'.repeat(43)]) {
      const res = await SELF.fetch(`${ORIGIN}/s/${token}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('This link is not valid.');
    }
  });

  it('answers an expired confirmation link with a page that says to sign again', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await env.DB.prepare('UPDATE signatures SET token_expires_at = 1 WHERE email = ?1').bind(body.email).run();
    const token = await tokenFor(String(body.email));
    const page = await SELF.fetch(`${ORIGIN}/s/${token}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('This confirmation link has expired. Please sign again to get a new one.');
    const post = await confirmAs(token);
    expect(post.status).toBe(400);
  });

  it('refuses a cross-site confirmation post', async () => {
    const res = await SELF.fetch(`${ORIGIN}/s/${'A'.repeat(43)}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('sends a signer who confirmed and signs again a note, not a second count', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)), body);
    const again = await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    expect(again.status).toBe(202);
    const kinds = await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1) ORDER BY created_at, idempotency_key`).bind(body.email).all();
    // The confirmation, the receipt after confirming, the note.
    expect(kinds.results.map((r) => r.kind)).toEqual(['confirm', 'receipt', 'already-signed']);
  });
});

describe('dev mailbox', () => {
  it('lists mail as JSON with to, subject, text, html, created', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const { drainOutbox } = await import('../src/email/drain');
    const { mailConfig } = await import('../src/email/index');
    await drainOutbox(env.DB, mailConfig(env));
    const mails = (await (await SELF.fetch(`${ORIGIN}/dev/mailbox.json`)).json()) as { to: string[]; subject: string; text: string; html: string; created: string }[];
    const mine = mails.find((m) => m.to[0] === body.email);
    expect(mine?.subject).toBe(`Please confirm your signature: ${c.title}`);
    expect(mine?.text).toMatch(/\/s\/[A-Za-z0-9_-]{43}/);
    expect(mine?.html).toContain('Confirm my signature</a>');
  });

  it('does not exist in production or when a Resend key is set', async () => {
    for (const override of [{ ENVIRONMENT: 'production' }, { RESEND_API_KEY: 're_test' }]) {
      const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
      for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
        const res = await app.fetch(new Request(`${ORIGIN}${path}`), { ...env, ...override }, ctx);
        expect(res.status).toBe(404);
      }
    }
  });
});

describe('GET /api/campaigns/:slug/count', () => {
  it('returns the count and goal', async () => {
    const c = await createCampaign();
    const res = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: c.slug, count: 0, goal: 1000 });
  });
});
