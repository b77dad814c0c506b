import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env';
import app from './limits/worker';
import { confirmAs, confirmFields, createCampaign, ORIGIN, postForm, postJson, sentMail, signatureBody, signatureRow, tokenFor, unique } from './helpers';

// Issue 24.1: what is sent or shown in a supporter's name is what the owner of the inbox
// chose on the page behind their link. An attacker who signs first (or later) with their
// address, every box ticked, decides nothing.

/** The cookies a response sets, as a Cookie header for the same browser's next request. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

/** Signs through the page's form, as a browser does; returns its answer. */
function signInBrowser(slug: string, fields: Record<string, string>, cookie = ''): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/c/${slug}/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ country: 'FR', city: 'Lyon', consent: 'on', ...fields }).toString(),
    redirect: 'manual',
  });
}

const page = async (token: string, cookie = '') => (await SELF.fetch(`${ORIGIN}/s/${token}`, { headers: cookie ? { cookie } : {} })).text();
const ticked = (html: string, box: string) => html.includes(`<input type="checkbox" checked="" id="${box}" name="${box}"/>`);
const attacker = (email: string) => signatureBody({ email, name: 'Vera Victim', city: 'Almaty', country: 'KZ', message: 'Words the attacker chose', target: 'de-berlin', public: true, reply: true, updates: true });

describe('GET /s/:token and POST /s/:token/confirm: an attacker who signed first with the address', () => {
  it('decides nothing: the victim signs with no box ticked, confirms on their own link, and none of the attacker’s choices is stored or sent', async () => {
    const c = await createCampaign();
    const victim = `${unique('vera')}@example.org`;
    expect((await postJson(`/api/campaigns/${c.slug}/signatures`, attacker(victim))).status).toBe(202);
    const signed = await signInBrowser(c.slug, { name: 'Vera', email: victim, message: 'My own words', target: 'none' });
    expect(signed.status).toBe(303);
    const token = await tokenFor(victim);
    const html = await page(token, cookiesOf(signed));
    // The page shows the victim's own latest submission, every box off.
    expect(html).toContain('value="Vera" id="name" name="name"/>');
    expect(html).toContain('<textarea rows="4" dir="auto" data-limit="2000" id="message" name="message" aria-describedby="message-count">My own words</textarea>');
    expect(html).toContain('<option value="none" selected="">No embassy — only the campaign</option>');
    expect(html).not.toContain('Words the attacker chose');
    for (const box of ['public', 'reply', 'updates']) expect(ticked(html, box)).toBe(false);

    // The form as the page shows it, pressed as it is (every field explicit: no helper's defaults).
    const shown = { name: 'Vera', country: 'FR', city: 'Lyon', message: 'My own words', target: 'none' };
    expect((await postForm(`/s/${token}/confirm`, shown)).status).toBe(303);
    expect(await signatureRow(c.slug, victim)).toMatchObject({
      status: 'confirmed', name: 'Vera', city: 'Lyon', country: 'FR', message: 'My own words', target_id: null, public: 0, reply_to_ok: 0, updates_consent: null,
    });
    const forwards = await sentMail(`o.kind = 'forward' AND o.signature_id = (SELECT id FROM signatures WHERE email = ?1)`, victim);
    expect(forwards.map((f) => [f.to_addrs, f.reply_to])).toEqual([['["solidarity@example.org"]', null]]);
    expect(forwards[0]?.text_body).toContain('My own words');
  });

  it('ticks no box for a link opened in another browser, even after the attacker signs again with every box ticked', async () => {
    const c = await createCampaign();
    const victim = `${unique('vera')}@example.org`;
    await signInBrowser(c.slug, { name: 'Vera', email: victim, target: 'none' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, attacker(victim));
    const html = await page(await tokenFor(victim));
    for (const box of ['public', 'reply', 'updates']) expect(ticked(html, box)).toBe(false);
    // The attacker's latest words are there to be seen and changed, never sent unseen.
    expect(html).toContain('Words the attacker chose</textarea>');
    expect(html).toContain('<option value="de-berlin" selected="">Embassy of Kazakhstan in Berlin, Germany</option>');
    const mine = { name: 'Vera', country: 'FR', city: 'Lyon', message: 'Mine', target: 'none' };
    expect((await postForm(`/s/${await tokenFor(victim)}/confirm`, mine)).status).toBe(303);
    expect(await signatureRow(c.slug, victim)).toMatchObject({ message: 'Mine', target_id: null, public: 0, reply_to_ok: 0, updates_consent: null });
  });

  it('starts with the boxes this browser ticked for this address, and only for it', async () => {
    const c = await createCampaign();
    const mine = `${unique('ana')}@example.org`;
    const signed = await signInBrowser(c.slug, { name: 'Ana', email: mine, target: 'fr-paris', public: 'on', updates: 'on' });
    const html = await page(await tokenFor(mine), cookiesOf(signed));
    expect([ticked(html, 'public'), ticked(html, 'reply'), ticked(html, 'updates')]).toEqual([true, false, true]);
    // The same browser's cookie says nothing about another address's link.
    const other = `${unique('bob')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: other }));
    const theirs = await page(await tokenFor(other), cookiesOf(signed));
    expect([ticked(theirs, 'public'), ticked(theirs, 'reply'), ticked(theirs, 'updates')]).toEqual([false, false, false]);
  });

  it('stores the boxes ticked on the page: public, Reply-To on every forward, updates', async () => {
    const c = await createCampaign();
    const email = `${unique('ana')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email, public: false }));
    expect((await confirmAs(await tokenFor(email), { public: 'on', reply: 'on', updates: 'on' })).status).toBe(303);
    expect(await signatureRow(c.slug, email)).toMatchObject({ public: 1, reply_to_ok: 1, updates_consent: 'updates-1', target_id: expect.any(Number) });
    const forwards = await sentMail(`o.kind = 'forward' AND o.signature_id = (SELECT id FROM signatures WHERE email = ?1)`, email);
    expect(forwards.map((f) => [f.to_addrs, f.reply_to])).toEqual([['["solidarity@example.org"]', email], ['["embassy-fr-paris@example.org"]', email]]);
  });

  it('answers signing the same for an address an attacker signed first as for a new one', async () => {
    const c = await createCampaign();
    const victim = `${unique('vera')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, attacker(victim));
    const again = await signInBrowser(c.slug, { name: 'Vera', email: victim, target: 'none' });
    const fresh = await signInBrowser(c.slug, { name: 'Vera', email: `${unique('new')}@example.org`, target: 'none' });
    const shape = async (r: Response) => [r.status, r.headers.get('location'), r.headers.getSetCookie().map((x) => x.split('=')[0]), await r.text()];
    expect(await shape(again)).toEqual(await shape(fresh));
  });
});

describe('POST /s/:token/confirm: the form is validated like the sign form', () => {
  it('refuses bad fields with 422, the input kept and a message per field, and stores nothing', async () => {
    const c = await createCampaign();
    const email = `${unique('ana')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    const token = await tokenFor(email);
    const res = await confirmAs(token, { name: '', country: 'XX', city: 'Paris\u0007', message: 'Kept words', target: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="name-error">Enter your name</p>');
    expect(html).toContain('<p class="field-error" id="country-error">');
    expect(html).toContain('<p class="field-error" id="target-error">Choose an embassy, or “No embassy”</p>');
    expect(html).toContain('id="message" name="message" aria-describedby="message-count">Kept words</textarea>');
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'pending', name: 'Ana Lima', confirmed_at: null });
  });

  it('refuses a target that is not one of the campaign’s with 422 and the form, without confirming', async () => {
    const c = await createCampaign();
    const email = `${unique('ana')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    const res = await confirmAs(await tokenFor(email), { target: 'xx-nowhere' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<p class="field-error" id="target-error">Choose a target from the list</p>');
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'pending', confirmed_at: null });
  });

  it('confirms in one D1 round trip', async () => {
    const c = await createCampaign();
    const email = `${unique('ana')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    const token = await tokenFor(email);
    const quiet: Bindings = { ...env, DEBUG_METRICS: '1', RESEND_API_KEY: 're_consent_test', MAIL_FROM: '' };
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    const body = new URLSearchParams(await confirmFields(token, { public: 'on' })).toString();
    const res = await app.fetch(new Request(`${ORIGIN}/s/${token}/confirm`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body }), quiet, ctx);
    expect(res.status).toBe(303);
    expect(res.headers.get('server-timing')).toContain('d1-round-trips;desc="1"');
  });
});
