import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { confirm } from '../src/flows/signing';
import { countOf, createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor } from './helpers';

describe('POST /api/campaigns/:slug/signatures', () => {
  it('stores a pending signature and its confirmation email in one go, and answers 202', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending', message: 'Check your inbox: confirm your signature with the link we sent.' });
    const row = await signatureRow(c.slug, String(body.email));
    expect(row).toMatchObject({ status: 'pending', name: 'Ana Lima', country: 'FR', city: 'Paris', public: 1, consent_version: '2026-11-28' });
    expect(await tokenFor(String(body.email))).toHaveLength(43);
    expect(await countOf(c.slug)).toBe(0);
  });

  it('gives the same answer for a second signing with the same email in another case, and stores one row', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    const first = await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const second = await postJson(`/api/campaigns/${c.slug}/signatures`, { ...body, email: `  ${String(body.email).toUpperCase()} ` });
    expect(second.status).toBe(202);
    expect(await second.text()).toBe(await first.text());
    const { results } = await env.DB.prepare('SELECT id FROM signatures WHERE email = ?1').bind(body.email).all();
    expect(results).toHaveLength(1);
  });

  it('answers 404 JSON for an unknown campaign', async () => {
    const res = await postJson('/api/campaigns/no-such-campaign/signatures', signatureBody());
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign at this address.', issues: [] } });
  });

  it('answers 409 for a closed campaign', async () => {
    const c = await createCampaign({ status: 'closed' });
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody());
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('campaign_closed');
  });
});

describe('double opt-in', () => {
  it('counts a signature once, however often it is confirmed, and forwards it once', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    const page = await SELF.fetch(`${ORIGIN}/s/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<form method="post" action="/s/${token}/confirm"><button type="submit">Confirm my signature</button></form>`);
    // The owner sees exactly what goes out in their name before confirming.
    expect(html).toContain('<dt>Name</dt><dd>Ana Lima</dd><dt>City</dt><dd>Paris, France</dd>');
    expect(html).toContain('<dt>Your message</dt><dd class="message">Solidarity with the strikers!</dd>');
    expect(html).toContain('<dd>Embassy of Kazakhstan in Paris, France</dd>');
    expect(await countOf(c.slug)).toBe(0);

    const res = await postForm(`/s/${token}/confirm`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${token}`);
    await postForm(`/s/${token}/confirm`, {});
    await confirm(env.DB, token, ORIGIN);
    expect(await countOf(c.slug)).toBe(1);
    const { results } = await env.DB.prepare(
      `SELECT idempotency_key, to_addrs, cc_addrs FROM outbox WHERE kind = 'forward' AND signature_id = (SELECT id FROM signatures WHERE email = ?1) ORDER BY idempotency_key`,
    )
      .bind(body.email)
      .all();
    expect(results.map((r) => r.to_addrs)).toEqual(['["solidarity@example.org"]', '["embassy-fr-paris@example.org"]']);
  });

  it('withdrawal uncounts and erases the personal data', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    await postForm(`/s/${token}/confirm`, {});
    expect(await countOf(c.slug)).toBe(1);
    const res = await postForm(`/s/${token}/withdraw`, {});
    expect(res.status).toBe(303);
    expect(await countOf(c.slug)).toBe(0);
    const row = await env.DB.prepare(`SELECT status, email, name, city, message, ip_hash FROM signatures WHERE token_hash IS NOT NULL AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`)
      .bind(c.slug)
      .first();
    expect(row).toEqual({ status: 'withdrawn', email: null, name: '', city: '', message: null, ip_hash: null });
    const page = await SELF.fetch(`${ORIGIN}/s/${token}`);
    expect(await page.text()).toContain('Your signature is withdrawn');
  });
});

describe('withdrawing a signature marked as spam', () => {
  it('still erases the personal data', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    await env.DB.prepare(`UPDATE signatures SET status = 'spam' WHERE email = ?1`).bind(body.email).run();
    expect((await postForm(`/s/${token}/withdraw`, {})).status).toBe(303);
    expect(await signatureRow(c.slug, String(body.email))).toBeNull();
    const row = await env.DB.prepare(`SELECT status, name FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first();
    expect(row).toEqual({ status: 'withdrawn', name: '' });
  });
});

describe('POST /c/:slug/sign', () => {
  it('redirects to the check-your-inbox page (303)', async () => {
    const c = await createCampaign();
    const res = await postForm(`/c/${c.slug}/sign`, { name: 'Bo', email: 'bo-form@example.org', country: 'de', city: 'Berlin', consent: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed`);
  });
});
