import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../src/email/drain';
import { mailConfig } from '../src/email/index';
import { adminGet, adminPost, csrfOf, makeToken, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, postJson, unique } from './helpers';
import { seedSupporters } from './update-helpers';

const updateBody = { subject: 'Pickets on 16 June', body: 'Join us.', translations: { ru: { subject: 'Пикеты', body: 'Приходите.' } } };

async function organised() {
  const email = `${unique('org')}@example.org`;
  const file = await createCampaign({ organisers: [email] });
  return { file, email };
}

const updatesOf = (slug: string) =>
  env.DB.prepare('SELECT u.subject, u.translations, u.author, u.enqueued FROM updates u JOIN campaigns c ON c.id = u.campaign_id WHERE c.slug = ?1 ORDER BY u.id')
    .bind(slug).all().then((r) => r.results);

describe('POST /api/admin/campaigns/:slug/updates', () => {
  it('sends an update with a bearer token of the campaign: 202, stored, enqueued for the audience, logged', async () => {
    const { file } = await organised();
    await seedSupporters(file.slug, [{}, {}, { updates: false }]);
    const token = await makeToken(file.slug);
    const res = await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(202);
    const json = await res.json<{ update: { id: number; subject: string; languages: string[] } }>();
    expect(json.update).toMatchObject({ subject: 'Pickets on 16 June', languages: ['en', 'ru'] });
    expect(await updatesOf(file.slug)).toEqual([{ subject: 'Pickets on 16 June', translations: JSON.stringify(updateBody.translations), author: expect.stringMatching(/^token:\d+ "test"$/), enqueued: 2 }]);
    const audit = await env.DB.prepare(`SELECT action, detail FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1`).bind(file.slug).first();
    expect(audit).toEqual({ action: 'update.send', detail: JSON.stringify({ subject: 'Pickets on 16 June', languages: ['en', 'ru'] }) });
    const list = await (await adminGet(`/api/admin/campaigns/${file.slug}/updates`, { authorization: `Bearer ${token}` })).json<{ updates: { id: number; recipients: number }[] }>();
    expect(list.updates).toEqual([expect.objectContaining({ id: json.update.id, recipients: 2, queuing: false })]);
  });

  it('sends once per Idempotency-Key: a repeated request answers 200 with the first update\'s id', async () => {
    const { file } = await organised();
    await seedSupporters(file.slug, [{}]);
    const headers = { authorization: `Bearer ${await makeToken(file.slug)}`, 'idempotency-key': unique('retry-key') };
    const first = await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, headers);
    const again = await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, headers);
    expect([first.status, again.status]).toEqual([202, 200]);
    const [one, two] = await Promise.all([first.json<{ update: { id: number } }>(), again.json<{ update: { id: number } }>()]);
    expect(two.update.id).toBe(one.update.id);
    expect(await updatesOf(file.slug)).toHaveLength(1);
    const bad = await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, { ...headers, 'idempotency-key': 'x' });
    expect(bad.status).toBe(422);
  });

  it('refuses an organiser of another campaign (403) and no credentials (401), storing nothing', async () => {
    const { file } = await organised();
    const other = await organised();
    const theirs = await makeToken(other.file.slug);
    expect((await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, { authorization: `Bearer ${theirs}` })).status).toBe(403);
    const cookie = await signIn(other.email);
    expect((await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, { cookie })).status).toBe(403);
    const none = await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(await updatesOf(file.slug)).toEqual([]);
  });

  it('takes a session too (JSON only, so no cross-site form can post it)', async () => {
    const { file, email } = await organised();
    const cookie = await signIn(email);
    expect((await postJson(`/api/admin/campaigns/${file.slug}/updates`, updateBody, { cookie })).status).toBe(202);
    const form = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${file.slug}/updates`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'subject=x&body=y',
    });
    expect(form.status).toBe(415);
    expect(await updatesOf(file.slug)).toHaveLength(1);
  });

  it('names every bad field (422): no subject, a line break, an unknown language, the campaign\'s own language', async () => {
    const { file } = await organised();
    const token = await makeToken(file.slug);
    const post = (body: unknown) => postJson(`/api/admin/campaigns/${file.slug}/updates`, body, { authorization: `Bearer ${token}` });
    const fields = async (body: unknown) => {
      const res = await post(body);
      expect(res.status).toBe(422);
      return (await res.json<{ error: { issues: { field: string }[] } }>()).error.issues.map((i) => i.field);
    };
    expect(await fields({ body: 'x' })).toEqual(['subject']);
    expect(await fields({ subject: 'a\r\nBcc: x@example.org', body: 'x' })).toEqual(['subject']);
    expect(await fields({ subject: 's', body: '' })).toEqual(['body']);
    expect(await fields({ subject: 's', body: 'b', translations: { fr: { subject: 's', body: 'b' } } })).toEqual(['translations.fr']);
    expect(await fields({ subject: 's', body: 'b', translations: { en: { subject: 's', body: 'b' } } })).toEqual(['translations.en']);
    expect(await updatesOf(file.slug)).toEqual([]);
  });
});

describe('/admin/campaigns/:slug/updates (the dashboard)', () => {
  async function page() {
    const o = await organised();
    const cookie = await signIn(o.email);
    const path = `/admin/campaigns/${o.file.slug}/updates`;
    return { ...o, cookie, path, csrf: await csrfOf(cookie, path) };
  }

  it('shows the form with the audience, and a preview of each language written', async () => {
    const p = await page();
    await seedSupporters(p.file.slug, [{}, {}]);
    const html = await (await adminGet(p.path, { cookie: p.cookie })).text();
    expect(html).toContain('An update goes to the 2 confirmed supporters');
    const res = await adminPost(p.path, p.cookie, { _csrf: p.csrf, draft: unique('draft'), intent: 'preview', subject: 'Hello', body: 'News here.', subject_ru: 'Привет', body_ru: 'Новости.' });
    expect(res.status).toBe(200);
    const preview = await res.text();
    expect(preview).toContain('Preview: English');
    expect(preview).toContain('Preview: Русский');
    expect(preview).toContain('Отписаться в один клик');
    expect(await updatesOf(p.file.slug)).toEqual([]);
  });

  it('sends a test of each language to the signed-in organiser only', async () => {
    const p = await page();
    const [s] = await seedSupporters(p.file.slug, [{}]);
    const res = await adminPost(p.path, p.cookie, { _csrf: p.csrf, draft: unique('draft'), intent: 'test', subject: 'Hello', body: 'News.', subject_kk: 'Сәлем', body_kk: 'Жаңалық.' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`A test of each language written went to ${p.email}`);
    await drainOutbox(env.DB, mailConfig(env), { maxMessages: 200 });
    const mails = await env.DB.prepare('SELECT subject, to_addrs FROM dev_mailbox WHERE to_addrs = json_array(?1) ORDER BY subject').bind(p.email).all();
    expect(mails.results.filter((m) => String(m.subject).includes('['))).toEqual([
      { subject: '[Test] Hello', to_addrs: JSON.stringify([p.email]) },
      { subject: '[Сынақ] Сәлем', to_addrs: JSON.stringify([p.email]) },
    ]);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM outbox WHERE signature_id = ?1').bind(s!.id).first('n')).toBe(0);
  });

  it('asks once more when Send is pressed, naming the number of recipients, and sends nothing yet', async () => {
    const p = await page();
    await seedSupporters(p.file.slug, [{}, {}]);
    const res = await adminPost(p.path, p.cookie, { _csrf: p.csrf, draft: unique('draft'), intent: 'send', subject: 'Ask me', body: 'First.' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>Send this update to 2 supporters now? Once sent it cannot be called back. Check the previews below.</strong>');
    expect(html).toContain('<button type="submit" name="intent" value="send-confirmed">Yes, send to 2 supporters</button>');
    expect(html).toContain('value="Ask me"');
    expect(await updatesOf(p.file.slug)).toEqual([]);
  });

  it('sends it (303), and the dev mailbox keeps and shows the one-click headers', async () => {
    const p = await page();
    const [s] = await seedSupporters(p.file.slug, [{}]);
    const res = await adminPost(p.path, p.cookie, { _csrf: p.csrf, draft: unique('draft'), intent: 'send-confirmed', subject: 'Hello all', body: 'News.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${p.path}?sent=1`);
    for (let i = 0; i < 50; i++) {
      await drainOutbox(env.DB, mailConfig(env), { now: () => Date.now() + 60_000, maxMessages: 200 });
      if (await env.DB.prepare('SELECT 1 FROM dev_mailbox WHERE to_addrs = json_array(?1)').bind(s!.email).first()) break;
    }
    const stored = await env.DB.prepare('SELECT headers FROM dev_mailbox WHERE to_addrs = json_array(?1)').bind(s!.email).first<string>('headers');
    expect(JSON.parse(stored ?? '{}')).toEqual({ 'List-Unsubscribe': `<http://localhost/u/${s!.token}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const mailbox = await (await SELF.fetch(`${ORIGIN}/dev/mailbox`)).text();
    expect(mailbox).toContain(`List-Unsubscribe: &lt;http://localhost/u/${s!.token}&gt;`);
    // The dev mailbox counts as delivered: the progress says so.
    const html = await (await adminGet(p.path, { cookie: p.cookie })).text();
    expect(html).toMatch(/<tr data-update="\d+"><th scope="row">Hello all<br\/>.*?<\/th><td data-label="Recipients">1<\/td><td data-label="Waiting">0<\/td><td data-label="Sent">0<\/td><td data-label="Delivered">1<\/td><td data-label="Bounced">0<\/td><td data-label="Failed">0<\/td><\/tr>/);
  });

  it('re-renders the form with a message per field (422), and refuses a form without the session\'s token (403)', async () => {
    const p = await page();
    const res = await adminPost(p.path, p.cookie, { _csrf: p.csrf, draft: unique('draft'), intent: 'send', subject: '', body: 'Text kept', subject_ru: 'Только тема' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter a subject.');
    expect(html).toContain('Text kept');
    const half = await adminPost(p.path, p.cookie, { _csrf: p.csrf, draft: unique('draft'), intent: 'send', subject: 'S', body: 'B', subject_ru: 'Только тема' });
    expect(half.status).toBe(422);
    expect(await half.text()).toContain('A translation needs both a subject and a text.');
    expect((await adminPost(p.path, p.cookie, { draft: unique('draft'), intent: 'send', subject: 'S', body: 'B' })).status).toBe(403);
    expect(await updatesOf(p.file.slug)).toEqual([]);
  });

  it('sends one update however often the same form is sent (a double click on Send)', async () => {
    const p = await page();
    await seedSupporters(p.file.slug, [{}]);
    const html = await (await adminGet(p.path, { cookie: p.cookie })).text();
    const draft = html.match(/name="draft" value="([^"]+)"/)?.[1] ?? '';
    expect(draft).toMatch(/^[0-9a-f-]{36}$/);
    const fields = { _csrf: p.csrf, draft, intent: 'send-confirmed', subject: 'Once', body: 'Only once.' };
    const [a, b] = await Promise.all([adminPost(p.path, p.cookie, fields), adminPost(p.path, p.cookie, fields)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await updatesOf(p.file.slug)).toEqual([expect.objectContaining({ subject: 'Once', enqueued: 1 })]);
    const logged = await env.DB.prepare(`SELECT count(*) AS n FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1 AND action = 'update.send'`).bind(p.file.slug).first('n');
    expect(logged).toBe(1);
  });

  it('is for the campaign\'s organisers only', async () => {
    const p = await page();
    const other = await organised();
    const cookie = await signIn(other.email);
    expect((await adminGet(p.path, { cookie })).status).toBe(403);
    expect((await adminGet(p.path)).status).toBe(303);
  });
});
