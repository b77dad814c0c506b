import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { moderationStatements } from '../src/db/moderation';
import { runBatch } from '../src/db/statements';
import { canonicalInbox } from '../src/lib/inbox';
import { suppressionHash } from '../src/lib/suppression';
import { HOUR, call, cronAt, linkIn, mailsTo, postFormTo, signJson } from './care-helpers';
import { fakeKey, secret } from './delivery-helpers';
import { countOf, createCampaign, ORIGIN, signatureBody, signatureRow, confirmFields } from './helpers';

/** Signs a fresh address through the API; returns it, its link and the confirmation the fake delivered. */
async function signed(key: string, slug: string, extra: Record<string, unknown> = {}) {
  const body = signatureBody(extra);
  const res = await signJson(key, slug, body);
  expect(res.status).toBe(202);
  const email = String(body.email);
  const [confirmation] = await mailsTo(key, email);
  return { body, email, token: linkIn(confirmation), confirmation, answer: await res.text() };
}

const suppressions = async (slug: string) =>
  (await env.DB.prepare('SELECT * FROM mail_suppressions WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(slug).all()).results;

describe('the confirmation email', () => {
  it('carries a "this wasn’t me" link to the signature’s own page', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { token, confirmation } = await signed(key, c.slug);
    expect(confirmation?.text).toContain(`Someone else used your address? Tell us, and we erase this signature and send you nothing more about this campaign: https://solidarity.example/s/${token}/not-me`);
    expect(confirmation?.html).toContain(`<a href="https://solidarity.example/s/${token}/not-me">This wasn’t me</a>`);
  });
});

describe('GET /s/:token/not-me', () => {
  it('shows what the button does for a pending signature, and changes nothing', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    const res = await call(key, `/s/${token}/not-me`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).toContain('<h1>Someone else signed with your address?</h1>');
    expect(html).toContain(`A signature for “${c.title}” was made with this email address`);
    expect(html).toContain(`<form method="post" action="/s/${token}/not-me" class="buttons"><button type="submit" class="danger">This wasn’t me: erase it</button>`);
    expect(html).toContain(`<a href="/s/${token}" class="button secondary">It was me: confirm my signature</a>`);
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'pending' });
  });

  it('shows it, and what was done, in the language the supporter signed in', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const body = signatureBody();
    await call(key, `/api/campaigns/${c.slug}/signatures?lang=kk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const [confirmation] = await mailsTo(key, String(body.email));
    expect(confirmation?.text).toContain('Бізге хабарлаңыз');
    const token = linkIn(confirmation);
    const html = await (await call(key, `/s/${token}/not-me`)).text();
    expect(html).toContain('<h1>Сіздің мекенжайыңызбен басқа біреу қол қойды ма?</h1>');
    const res = await postFormTo(key, `/s/${token}/not-me`);
    expect(res.headers.get('location')).toBe(`/c/${c.slug}/not-me/done?lang=kk`);
    expect(await (await call(key, `/c/${c.slug}/not-me/done?lang=kk`)).text()).toContain('<h1>Өшірілді: бұл науқан туралы хат енді келмейді</h1>');
  });

  it('for a confirmed signature, says it counts and leads to withdrawal', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { token } = await signed(key, c.slug);
    await postFormTo(key, `/s/${token}/confirm`, await confirmFields(token));
    const html = await (await call(key, `/s/${token}/not-me`)).text();
    expect(html).toContain('<h1>This signature is confirmed</h1>');
    expect(html).toContain(`<a href="/s/${token}/withdraw" class="button">Withdraw my signature</a>`);
    expect(html).not.toContain('<form');
  });

  it('is under the per-IP limit of link pages: past 30 a minute, 429', async () => {
    const key = fakeKey();
    const headers = { 'cf-connecting-ip': `198.51.100.${Math.floor(Math.random() * 200)}` };
    const burst = await Promise.all(Array.from({ length: 30 }, () => call(key, `/s/${'C'.repeat(43)}/not-me`, { headers })));
    expect(burst.map((r) => r.status)).toEqual(Array(30).fill(404));
    expect((await call(key, `/s/${'C'.repeat(43)}/not-me`, { method: 'POST', headers: { ...headers, origin: ORIGIN } })).status).toBe(429);
  });

  it('answers 404 for a link that is not one of ours, and for a signature marked spam', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    // One character of the MAC changed (not the last: its low bits are padding), a malformed one, one of nobody's.
    const forged = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const bad of ['nope', forged, 'A'.repeat(43)]) {
      expect((await call(key, `/s/${bad}/not-me`)).status).toBe(404);
      expect((await postFormTo(key, `/s/${bad}/not-me`)).status).toBe(404);
    }
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'pending' });
    const row = await signatureRow(c.slug, email);
    await runBatch(env.DB, moderationStatements(Number(row?.campaign_id), Number(row?.id), 'spam', 'test', Date.now()));
    const res = await call(key, `/s/${token}/not-me`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('This link is not valid.');
  });
});

describe('POST /s/:token/not-me', () => {
  it('erases the pending signature and its mail, keeps only a keyed hash of the inbox, and says so', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    const res = await postFormTo(key, `/s/${token}/not-me`);
    expect([res.status, res.headers.get('location')]).toEqual([303, `/c/${c.slug}/not-me/done`]);
    const html = await (await call(key, `/c/${c.slug}/not-me/done`)).text();
    expect(html).toContain('<h1>Erased: no more email about this campaign</h1>');
    expect(html).toContain(`“${c.title}” will send nothing more to it`);
    expect(await signatureRow(c.slug, email)).toBeNull();
    const { results: mail } = await env.DB.prepare('SELECT idempotency_key FROM outbox WHERE to_addrs = json_array(?1)').bind(email).all();
    expect(mail).toEqual([]);
    const rows = await suppressions(c.slug);
    expect(rows).toEqual([{ campaign_id: expect.any(Number), inbox_hash: await suppressionHash(secret(), canonicalInbox(email)), created_at: expect.any(Number) }]);
    expect(JSON.stringify(rows)).not.toContain(email.split('@')[0]);
    expect((await call(key, '/c/no-such-campaign/not-me/done')).status).toBe(404);
    // The link is spent: there is nothing left to erase.
    expect((await postFormTo(key, `/s/${token}/not-me`)).status).toBe(404);
  });

  it('then signing with that inbox answers the same, stores nothing and mails nothing, not even a reminder', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { body, email, token, answer } = await signed(key, c.slug);
    await postFormTo(key, `/s/${token}/not-me`);
    // Upper case is the same inbox; a +tag on a provider not known to fold it is not (issue 24.4).
    const variants = [email, email.toUpperCase()];
    for (const address of variants) {
      const res = await signJson(key, c.slug, { ...body, email: address, name: 'Someone Else' });
      expect({ status: res.status, body: await res.text() }).toEqual({ status: 202, body: answer });
    }
    const form = await postFormTo(key, `/c/${c.slug}/sign`, { name: 'Form', email, country: 'FR', city: 'Paris', target: 'none', consent: 'on' });
    const fresh = await postFormTo(key, `/c/${c.slug}/sign`, { name: 'Form', email: `fresh-${email}`, country: 'FR', city: 'Paris', target: 'none', consent: 'on' });
    expect([form.status, form.headers.get('location')]).toEqual([fresh.status, fresh.headers.get('location')]);
    // "Send the link again" from the check-your-inbox page answers the same too, and sends nothing.
    const again = async (res: Response) => {
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const r = await call(key, `/c/${c.slug}/signed/resend`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie } });
      return [r.status, r.headers.get('location')];
    };
    expect(await again(form)).toEqual(await again(fresh));
    expect(await env.DB.prepare('SELECT count(*) AS n FROM signatures WHERE inbox = ?1').bind(canonicalInbox(email)).first('n')).toBe(0);
    await cronAt(key, Date.now() + 49 * HOUR);
    expect((await mailsTo(key, email)).map((m) => m.subject)).toEqual([`Please confirm your signature: ${c.title}`]);
    expect(await mailsTo(key, email.replace('@', '+again@'))).toEqual([]);
    expect(await countOf(c.slug)).toBe(0);
  });

  it('suppresses one campaign only: the same inbox can still sign another', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const other = await createCampaign();
    const { body, email, token } = await signed(key, c.slug);
    await postFormTo(key, `/s/${token}/not-me`);
    expect((await signJson(key, other.slug, body)).status).toBe(202);
    expect(await signatureRow(other.slug, email)).toMatchObject({ status: 'pending' });
    expect((await mailsTo(key, email)).map((m) => m.subject)).toEqual([`Please confirm your signature: ${c.title}`, `Please confirm your signature: ${other.title}`]);
    expect(await suppressions(other.slug)).toEqual([]);
  });

  it('works on a pending signature whose link expired', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    await env.DB.prepare('UPDATE signatures SET token_expires_at = 1 WHERE email = ?1').bind(email).run();
    expect(await (await call(key, `/s/${token}/not-me`)).text()).toContain('This wasn’t me: erase it');
    expect((await postFormTo(key, `/s/${token}/not-me`)).status).toBe(303);
    expect(await signatureRow(c.slug, email)).toBeNull();
  });

  it('leaves a confirmed signature as it is and sends the browser to the page that says why', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    await postFormTo(key, `/s/${token}/confirm`, await confirmFields(token));
    const res = await postFormTo(key, `/s/${token}/not-me`);
    expect([res.status, res.headers.get('location')]).toEqual([303, `/s/${token}/not-me`]);
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'confirmed' });
    expect(await countOf(c.slug)).toBe(1);
    expect(await suppressions(c.slug)).toEqual([]);
  });

  it('refuses a post from another site (403) and erases nothing', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    const res = await call(key, `/s/${token}/not-me`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: '',
    });
    expect(res.status).toBe(403);
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'pending' });
  });
});
