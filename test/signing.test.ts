import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { runBatch } from '../src/db/statements';
import { confirm } from '../src/flows/signing';
import { countOf, createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor, unique, confirmAs } from './helpers';

describe('POST /api/campaigns/:slug/signatures', () => {
  it('stores a pending signature and its confirmation email in one go, and answers 202', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending', message: 'Check your inbox: confirm your signature with the link we sent.' });
    const row = await signatureRow(c.slug, String(body.email));
    // The boxes ticked when signing are never stored: the confirmation page asks its owner.
    expect(row).toMatchObject({ status: 'pending', name: 'Ana Lima', country: 'FR', city: 'Paris', public: 0, reply_to_ok: 0, updates_consent: null, consent_version: '2026-11-28' });
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
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign at this address.', issues: [], requestId: res.headers.get('x-request-id') } });
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
    expect(html).toContain(`<form method="post" action="/s/${token}/confirm" class="sign-form confirm-form" novalidate="">`);
    // The owner sees, as a form they can change, exactly what goes out in their name.
    expect(html).toContain('<input type="text" autocomplete="name" maxlength="100" required="" dir="auto" value="Ana Lima" id="name" name="name"/>');
    expect(html).toContain('<option value="FR" selected="">France</option>');
    expect(html).toContain('value="Paris" id="city" name="city"/>');
    expect(html).toContain('<textarea rows="4" dir="auto" data-limit="2000" id="message" name="message" aria-describedby="message-count">Solidarity with the strikers!</textarea>');
    expect(html).toContain('<option value="fr-paris" selected="">Embassy of Kazakhstan in Paris, France</option>');
    expect(html).toContain('<button type="submit" class="submit">Confirm my signature</button>');
    expect(await countOf(c.slug)).toBe(0);

    const res = await confirmAs(token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${token}`);
    await confirmAs(token);
    await confirm(env.DB, token);
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
    await confirmAs(token);
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

describe('confirming after the campaign closed', () => {
  it('answers 409 with a page, and the signature stays pending, uncounted and unsent', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    await runBatch(env.DB, campaignUpsertStatements({ ...c, status: 'closed' }, unique('hash'), Date.now()));
    const res = await confirmAs(token);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(`<section class="notice"><h1>This campaign is closed</h1><p>“${c.title}” is closed and no longer takes signatures.</p>`);
    expect(await signatureRow(c.slug, String(body.email))).toMatchObject({ status: 'pending', confirmed_at: null });
    expect(await countOf(c.slug)).toBe(0);
    const forwards = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'forward' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first('n');
    expect(forwards).toBe(0);
  });
});

describe('GET /s/:token of a signature marked as spam', () => {
  it('answers 404 with the short bad-link page, saying nothing of the marking', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    await confirmAs(token);
    await env.DB.prepare(`UPDATE signatures SET status = 'spam' WHERE email = ?1`).bind(body.email).run();
    const res = await SELF.fetch(`${ORIGIN}/s/${token}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<section class="notice"><h1>Not found</h1><p>This link is not valid.</p>');
    expect(html).not.toContain('spam');
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
  it('stores a pending signature with its confirmation mail and redirects to the check-your-inbox page (303)', async () => {
    const c = await createCampaign();
    const res = await postForm(`/c/${c.slug}/sign`, { name: ' Bo ', email: 'Bo-Form@Example.org', country: 'de', city: 'Berlin', target: 'none', consent: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed`);
    // The honeypot answers the same 303 and stores nothing: here the row and its mail are the proof.
    const row = await signatureRow(c.slug, 'bo-form@example.org');
    expect(row).toMatchObject({ status: 'pending', name: 'Bo', country: 'DE', city: 'Berlin', message: null, target_id: null, public: 0, reply_to_ok: 0, locale: 'en', confirmed_at: null });
    const mails = await env.DB.prepare('SELECT kind, to_addrs FROM outbox WHERE signature_id = ?1').bind(row?.id).all();
    expect(mails.results).toEqual([{ kind: 'confirm', to_addrs: '["bo-form@example.org"]' }]);
    expect(await countOf(c.slug)).toBe(0);
  });
});
