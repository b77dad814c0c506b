import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env';
import { drainOutbox } from '../src/email/drain';
import { mailConfig } from '../src/email/index';
import worker from './limits/worker';
import { fakeEnv, fakeKey, fakeStats } from './delivery-helpers';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor, unique, confirmAs } from './helpers';
import { mailedLink, requestLink } from './admin-helpers';

const linkMails = (inbox: string) =>
  env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE idempotency_key >= 'i:' || ?1 || ' ' AND idempotency_key < 'i:' || ?1 || '!'`).bind(inbox).first<number>('n');

async function call(url: string, bindings: Bindings, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('the per-inbox cap on link mail', () => {
  it('holds under 20 parallel signings for one address: one signature, three mails', async () => {
    const c = await createCampaign();
    const email = `${unique('burst')}@example.org`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }))));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(await linkMails(email)).toBe(3);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM signatures WHERE inbox = ?1').bind(email).first('n')).toBe(1);
  });

  it('counts +tag and dotted Gmail spellings as one inbox, and dedupes their signatures', async () => {
    const c = await createCampaign();
    const local = unique('bob').replace(/-/g, '');
    const spellings = [`${local}@gmail.com`, `${local}+1@gmail.com`, `${local.slice(0, 2)}.${local.slice(2)}@gmail.com`, `${local}+2@googlemail.com`, `${local.toUpperCase()}+x@GMAIL.com`];
    for (const email of spellings) expect((await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }))).status).toBe(202);
    const inbox = `${local}@gmail.com`;
    expect(await linkMails(inbox)).toBe(3);
    const rows = await env.DB.prepare('SELECT email, inbox FROM signatures WHERE inbox = ?1').bind(inbox).all();
    // The address as first typed is kept for sending.
    expect(rows.results).toEqual([{ email: spellings[0], inbox }]);
  });

  it('leaves sign-in links their own count: an organiser who signed three times still gets one (issue 24.4)', async () => {
    const email = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [email] });
    for (let i = 0; i < 3; i++) await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    expect(await linkMails(email)).toBe(3);
    expect((await requestLink(email)).status).toBe(200);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM login_links WHERE email = ?1`).bind(email).first('n')).toBe(1);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE to_addrs = json_array(?1) AND kind = 'login'`).bind(email).first('n')).toBe(1);
  });

  it('counts a +tag spelling on a provider not known to fold it as its own inbox: it cannot spend the address\'s cap', async () => {
    const c = await createCampaign();
    const local = unique('dave').replace(/-/g, '');
    for (const tag of ['x0', 'x1', 'x2']) await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: `${local}+${tag}@example.org` }));
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: `${local}@example.org` }));
    expect(res.status).toBe(202);
    expect(await linkMails(`${local}@example.org`)).toBe(1);
    expect(await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1)`).bind(`${local}@example.org`).first('kind')).toBe('confirm');
    const rows = await env.DB.prepare('SELECT inbox FROM signatures WHERE inbox LIKE ?1 ORDER BY inbox').bind(`${local}%`).all();
    expect(rows.results.map((r) => r.inbox)).toEqual([`${local}+x0@example.org`, `${local}+x1@example.org`, `${local}+x2@example.org`, `${local}@example.org`]);
  });
});

describe('nothing to enumerate', () => {
  /**
   * Everything a response says, but for what differs by nature: its id, the time, and the
   * address itself (in the body, and signed in the check-your-inbox cookie, whose presence counts).
   */
  async function answer(res: Response, email: string) {
    const headers = [...res.headers].filter(([k]) => !['x-request-id', 'date'].includes(k)).map(([k, v]) => [k, k === 'set-cookie' ? v.replace(/=[^;]*/, '=<address>') : v]);
    const body = (await res.text()).replaceAll(email, '<email>').replace(/"requestId":"[^"]+"/, '');
    return { status: res.status, headers, body };
  }

  it('answers a bad input, and a good one, the same for an organiser, a recent signer, a spam-marked and a fresh address', async () => {
    const organiser = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [organiser] });
    const recent = `${unique('recent')}@example.org`;
    for (let i = 0; i < 3; i++) await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: recent }));
    const spam = `${unique('spam')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: spam }));
    await env.DB.prepare(`UPDATE signatures SET status = 'spam' WHERE inbox = ?1`).bind(spam).run();
    const fresh = `${unique('fresh')}@example.org`;
    const people = [organiser, recent, spam, fresh];
    for (const input of [{ target: 'nowhere' }, { city: '' }, {}] as Record<string, string>[]) {
      const api = await Promise.all(people.map(async (email) => answer(await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email, ...input })), email)));
      expect(api.every((a) => JSON.stringify(a) === JSON.stringify(api[0]))).toBe(true);
      const form = await Promise.all(
        people.map(async (email) => answer(await postForm(`/c/${c.slug}/sign`, { name: 'Ana', email, country: 'FR', city: 'Paris', target: 'none', consent: 'on', ...input }), email)),
      );
      expect(form.every((a) => JSON.stringify(a) === JSON.stringify(form[0]))).toBe(true);
    }
    // Only the mail differs: nothing for the spam-marked address or past the cap.
    expect(await linkMails(spam)).toBe(1);
    expect(await linkMails(recent)).toBe(3);
  });
});

describe('nothing to enumerate through the sign-in form', () => {
  it('answers an organiser, an organiser over the cap, a signer and a stranger alike', async () => {
    const organiser = `${unique('org')}@example.org`;
    const capped = `${unique('org')}@example.org`;
    const signer = `${unique('signer')}@example.org`;
    const c = await createCampaign({ organisers: [organiser, capped] });
    for (let i = 0; i < 3; i++) await requestLink(capped);
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: signer }));
    const people = [organiser, capped, signer, `${unique('nobody')}@example.org`];
    const answers = await Promise.all(
      people.map(async (email) => {
        const res = await requestLink(email);
        const headers = [...res.headers].filter(([k]) => !['x-request-id', 'date'].includes(k));
        return JSON.stringify({ status: res.status, headers, body: (await res.text()).replaceAll(email, '<email>') });
      }),
    );
    expect(new Set(answers).size).toBe(1);
    // Only what is mailed differs: a link for the organiser under the cap, nothing else.
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM login_links WHERE email = ?1`).bind(organiser).first('n')).toBe(1);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM login_links WHERE email IN (?1, ?2)`).bind(signer, people[3]).first('n')).toBe(0);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM login_links WHERE email = ?1`).bind(capped).first('n')).toBe(3);
  });
});

describe('links only to our host', () => {
  it('keeps mail waiting, with the reason, when mail can go out but PUBLIC_URL is not set', async () => {
    const c = await createCampaign();
    const key = fakeKey();
    const bindings = fakeEnv(key, { PUBLIC_URL: '' });
    const email = `${unique('host')}@example.org`;
    const res = await call(`http://evil.example/api/campaigns/${c.slug}/signatures`, bindings, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signatureBody({ email })) });
    expect(res.status).toBe(202);
    expect(await drainOutbox(env.DB, mailConfig(bindings))).toMatchObject({ claimed: 0, configError: "PUBLIC_URL is not set: links in emails are built from it only (never from a request's Host)" });
    expect(await env.DB.prepare(`SELECT kind FROM outbox WHERE to_addrs = json_array(?1)`).bind(email).first('kind')).toBe('confirm');
    expect((await fakeStats(key)).delivered).toEqual([]);
  });

  it('builds signing and sign-in links from PUBLIC_URL whatever Host the request named', async () => {
    const organiser = `${unique('org')}@example.org`;
    const c = await createCampaign({ organisers: [organiser] });
    const key = fakeKey();
    const bindings = fakeEnv(key, { PUBLIC_URL: 'https://solidarity.example' });
    const email = `${unique('host')}@example.org`;
    await call(`http://evil.example/api/campaigns/${c.slug}/signatures`, bindings, { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example' }, body: JSON.stringify(signatureBody({ email })) });
    await call('http://evil.example/admin/login', bindings, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' }, body: `email=${encodeURIComponent(organiser)}` });
    // This test's two mails (the drain also takes whatever else this file left due).
    const mail = (await fakeStats(key)).delivered.filter((m) => [email, organiser].includes(m.to[0] ?? ''));
    const links = mail.flatMap((m) => m.text?.match(/https?:\/\/[^\s]+/g) ?? []);
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect(links.every((l) => l.startsWith('https://solidarity.example/'))).toBe(true);
    expect(mail.map((m) => m.to)).toEqual(expect.arrayContaining([[email], [organiser]]));
  });
});

describe('signing again never breaks what was mailed', () => {
  it('keeps a confirmed signature, its details and its link: the note carries the link that already works, to the address as stored', async () => {
    const c = await createCampaign();
    const local = unique('again').replace(/-/g, '');
    const email = `${local}@gmail.com`;
    const other = `${local.slice(0, 3)}.${local.slice(3)}+x@gmail.com`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email, name: 'First Name' }));
    const first = await tokenFor(email);
    expect((await confirmAs(first)).status).toBe(303);
    const before = await signatureRow(c.slug, email);
    expect((await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: other, name: 'Someone Else', city: 'Elsewhere' }))).status).toBe(202);
    expect(await signatureRow(c.slug, email)).toEqual(before);
    expect(await tokenFor(email)).toBe(first);
    // Mail about the signature goes to the address it was signed with, never the other spelling (issue 24.4).
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE to_addrs = json_array(?1) AND kind = 'already-signed'`).bind(email).first('n')).toBe(1);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE to_addrs = json_array(?1)`).bind(other).first('n')).toBe(0);
    // The withdraw link in the first mail still works.
    expect((await postForm(`/s/${first}/withdraw`, {})).status).toBe(303);
    expect(await env.DB.prepare('SELECT status FROM signatures WHERE id = ?1').bind(before?.id ?? 0).first('status')).toBe('withdrawn');
  });

  it('gives a pending signature the latest details for review, never a box, and keeps its link; a second mail carries the same link', async () => {
    const c = await createCampaign();
    const email = `${unique('pending')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email, name: 'First Name', public: true, reply: true, updates: true }));
    const first = await tokenFor(email);
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email, name: 'Second Name', target: 'none' }));
    expect(await tokenFor(email)).toBe(first);
    expect(await signatureRow(c.slug, email)).toMatchObject({ name: 'Second Name', target_id: null, public: 0, reply_to_ok: 0, updates_consent: null, status: 'pending' });
    expect((await confirmAs(first)).status).toBe(303);
    expect(await signatureRow(c.slug, email)).toMatchObject({ name: 'Second Name', status: 'confirmed' });
  });
});

describe('a rally gets through', () => {
  it('takes 30 signatures from one network within a minute', async () => {
    const c = await createCampaign();
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const answers = await Promise.all(Array.from({ length: 30 }, () => postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody(), { 'cf-connecting-ip': ip })));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(202));
  });

  it('keeps what a person typed when the network limit stops them, with the reason and the form', async () => {
    const c = await createCampaign();
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    await Promise.all(Array.from({ length: 40 }, () => postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody(), { 'cf-connecting-ip': ip })));
    const res = await worker.fetch(
      new Request(`${ORIGIN}/c/${c.slug}/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': ip },
        body: new URLSearchParams({ name: 'Rally Person', email: 'rally@example.org', country: 'FR', city: 'Lyon', message: 'With you', target: 'none', consent: 'on' }).toString(),
      }),
      env,
      createExecutionContext(),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    const html = await res.text();
    expect(html).toContain('<p>Too many attempts from your network. Please wait a minute and try again.</p>');
    expect(html).toContain('value="Rally Person"');
    expect(html).toContain(`action="/c/${c.slug}/sign"`);
  });
});
