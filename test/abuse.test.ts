import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPrivacySweep } from '../src/db/privacy';
import app from './limits/worker';
import { countOf, createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor, unique, confirmAs } from './helpers';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

describe('rate limits', () => {
  it('answers 429 with Retry-After once one network passes 40 accepted signatures a minute', async () => {
    const c = await createCampaign();
    const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
    // In parallel, so the burst sits inside one of the limiter's one-minute windows.
    const sign = () => postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody(), { 'cf-connecting-ip': ip });
    const first = await Promise.all(Array.from({ length: 40 }, sign));
    expect(first.map((r) => r.status)).toEqual(Array(40).fill(202));
    const last = await sign();
    expect(last.status).toBe(429);
    expect(last?.headers.get('retry-after')).toBe('60');
    expect(await last?.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many attempts from your network. Please wait a minute and try again.', issues: [], requestId: last?.headers.get('x-request-id'), retryAfter: 60 },
    });
  });

  it('sends at most three link emails an hour to one address, and answers the same every time', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    for (let i = 0; i < 5; i++) {
      const res = await postJson(`/api/campaigns/${c.slug}/signatures`, body);
      expect(res.status).toBe(202);
    }
    const { results } = await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1)`).bind(body.email).all();
    expect(results).toHaveLength(3);
  });
});

describe('bots', () => {
  it('accepts a filled honeypot quietly and stores nothing', async () => {
    const c = await createCampaign();
    const res = await postForm(`/c/${c.slug}/sign`, { name: 'Bot', email: 'bot@example.org', country: 'FR', city: 'X', target: 'none', consent: 'on', website: 'http://spam.example' });
    expect(res.status).toBe(303);
    expect(await signatureRow(c.slug, 'bot@example.org')).toBeNull();
  });

  it('refuses disposable addresses and the campaign’s blocked domains on the email field', async () => {
    const c = await createCampaign({ abuse: { blockedDomains: ['spam.example'] } });
    for (const email of ['x@mailinator.com', 'y@spam.example', 'z@mail.spam.example']) {
      const res = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { issues: [{ field: 'email', message: 'Please use an address you keep: this one cannot be used to sign' }] } });
    }
    const open = await createCampaign({ abuse: { blockDisposable: false } });
    expect((await postJson(`/api/campaigns/${open.slug}/signatures`, signatureBody({ email: `${unique()}@mailinator.com` }))).status).toBe(202);
  });

  describe('with Turnstile on', () => {
    const turnstileEnv = { ...env, TURNSTILE_SITEKEY: '1x00000000000000000000AA', TURNSTILE_SECRET: '1x0000000000000000000000000000000AA', TURNSTILE_VERIFY_URL: 'https://turnstile.test/siteverify' };
    afterEach(() => vi.restoreAllMocks());

    function sign(slug: string, token: string) {
      return app.fetch(
        new Request(`${ORIGIN}/api/campaigns/${slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signatureBody({ 'cf-turnstile-response': token })) }),
        turnstileEnv,
        ctx,
      );
    }

    it('renders the challenge and allows its origin in the CSP', async () => {
      const c = await createCampaign();
      const res = await app.fetch(new Request(`${ORIGIN}/c/${c.slug}`), turnstileEnv, ctx);
      const html = await res.text();
      expect(html).toContain('<div class="cf-turnstile" data-sitekey="1x00000000000000000000AA" id="cf-turnstile-response"></div>');
      expect(html).toContain('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" defer=""></script>');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self' https://challenges.cloudflare.com");
    });

    it('signs when the token verifies, and refuses a bad or missing one with a field message', async () => {
      const c = await createCampaign();
      const verify = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        const form = init?.body instanceof FormData ? init.body : new FormData();
        expect(String(input)).toBe('https://turnstile.test/siteverify');
        return Response.json({ success: form.get('response') === 'good-token' });
      });
      expect((await sign(c.slug, 'good-token')).status).toBe(202);
      const bad = await sign(c.slug, 'forged');
      expect(bad.status).toBe(422);
      expect(await bad.json()).toMatchObject({ error: { issues: [{ field: 'cf-turnstile-response', message: 'Please complete the check that you are human' }] } });
      expect((await sign(c.slug, '')).status).toBe(422);
      expect(verify).toHaveBeenCalledTimes(2);
    });

    it('fails closed with 503 when the verifier is unreachable', async () => {
      const c = await createCampaign();
      vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('network down'));
      const res = await sign(c.slug, 'any');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('60');
    });
  });
});

describe('hardening', () => {
  it('sends a CSP without inline script and frame-ancestors none on pages', async () => {
    const c = await createCampaign();
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives pages the page set, data the short set, and a 304 none (its stored copy keeps its own)', async () => {
    const c = await createCampaign();
    const securityOf = (res: Response) =>
      [...res.headers].filter(([name]) => !/^(content-(type|language|length)|cache-control|etag|vary|x-cache|x-request-id|access-control-.*)$/.test(name));
    const page = await SELF.fetch(`${ORIGIN}/c/${c.slug}`);
    expect(securityOf(page).map(([name]) => name)).toEqual([
      'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'referrer-policy',
      'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options',
      'x-permitted-cross-domain-policies', 'x-xss-protection',
    ]);
    const count = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count`);
    expect(securityOf(count)).toEqual([
      ['content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"],
      ['cross-origin-resource-policy', 'cross-origin'],
      ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
      ['x-content-type-options', 'nosniff'],
    ]);
    expect(securityOf(await SELF.fetch(`${ORIGIN}/health`)).map(([name]) => name)).toEqual(['content-security-policy', 'cross-origin-resource-policy', 'strict-transport-security', 'x-content-type-options']);
    const again = await SELF.fetch(`${ORIGIN}/c/${c.slug}`, { headers: { 'if-none-match': page.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(securityOf(again)).toEqual([]);
  });
});

describe('privacy', () => {
  it('stores the IP only as a keyed hash', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body, { 'cf-connecting-ip': '198.51.100.7' });
    const row = await signatureRow(c.slug, String(body.email));
    expect(row?.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('198.51.100.7');
  });

  it('the daily sweep drops old IP hashes, deletes unconfirmed signatures and anonymises closed campaigns after retention', async () => {
    const c = await createCampaign({ privacy: { controller: 'X', contact: 'p@example.org', retentionDays: 30 } });
    const confirmed = signatureBody();
    const pending = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, confirmed, { 'cf-connecting-ip': '198.51.100.8' });
    await confirmAs(await tokenFor(String(confirmed.email)));
    await postJson(`/api/campaigns/${c.slug}/signatures`, pending);
    await env.DB.prepare(`UPDATE campaigns SET status = 'closed', closed_at = ?2 WHERE slug = ?1`).bind(c.slug, Date.now() - 31 * 86_400_000).run();

    const now = Date.now() + 40 * 86_400_000;
    const sweep = await runPrivacySweep(env.DB, now);
    expect(sweep.pendingDeleted).toBeGreaterThanOrEqual(1);
    expect(await signatureRow(c.slug, String(pending.email))).toBeNull();
    const rows = await env.DB.prepare(`SELECT status, email, name, city, message, ip_hash FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).all();
    expect(rows.results).toEqual([{ status: 'confirmed', email: null, name: '', city: '', message: null, ip_hash: null }]);
    expect(await countOf(c.slug)).toBe(1);
    // The forwards sent in the supporter's name keep their addresses but lose their words.
    await env.DB.prepare(`UPDATE outbox SET status = 'sent', sent_at = 1 WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).run();
    await runPrivacySweep(env.DB, now);
    const words = await env.DB.prepare(`SELECT text_body, html_body, reply_to FROM outbox WHERE kind = 'forward' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).all();
    expect(words.results.length).toBeGreaterThan(0);
    expect(words.results.every((r) => !r.text_body && !r.html_body && r.reply_to === null)).toBe(true);
  });

  it('forgets send slots that lie in the past, and keeps the ones still ahead', async () => {
    const now = Date.now();
    const past = unique('to:past');
    const ahead = unique('to:ahead');
    await env.DB.batch([
      env.DB.prepare('INSERT INTO mail_slots (throttle_key, next_at) VALUES (?1, ?2)').bind(past, now - 1),
      env.DB.prepare('INSERT INTO mail_slots (throttle_key, next_at) VALUES (?1, ?2)').bind(ahead, now + 60_000),
    ]);
    const sweep = await runPrivacySweep(env.DB, now);
    expect(sweep.slotsPruned).toBeGreaterThanOrEqual(1);
    const { results } = await env.DB.prepare('SELECT throttle_key FROM mail_slots WHERE throttle_key IN (?1, ?2)').bind(past, ahead).all();
    expect(results).toEqual([{ throttle_key: ahead }]);
  });
});
