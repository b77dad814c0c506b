import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileToForm } from '../src/schemas/campaign-form';
import { adminGet, adminPost, csrfOf, mailedLink, signIn } from './admin-helpers';
import { createCampaign, ORIGIN, unique } from './helpers';

const ADMIN = 'admin@example.org';
let admin = '';
let csrf = '';

beforeAll(async () => {
  admin = await signIn(ADMIN);
  csrf = await csrfOf(admin);
});

/** The edit form's fields as the page renders them, as a browser would send them back. */
async function editForm(slug: string, cookie = admin): Promise<Record<string, string>> {
  const html = await (await adminGet(`/admin/campaigns/${slug}/edit`, { cookie })).text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name || name === 'targetsCsv') continue;
    if (/type="checkbox"/.test(attrs)) { if (/checked/.test(attrs)) fields[name] = 'on'; continue; }
    fields[name] = (/value="([^"]*)"/.exec(attrs)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) if (m[1] !== 'targetsCsv') fields[m[1] ?? ''] = (m[2] ?? '').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1] ?? ''] = /<option value="([^"]+)" selected/.exec(m[2] ?? '')?.[1] ?? '';
  return fields;
}

const auditOf = (slug: string) =>
  env.DB.prepare('SELECT a.actor, a.action, a.detail FROM audit_log a JOIN campaigns c ON c.id = a.campaign_id WHERE c.slug = ?1 ORDER BY a.id').bind(slug).all<{ actor: string; action: string; detail: string }>();

describe('POST /admin/new-campaign', () => {
  it('creates a draft from the form, records who made it, and opens its dashboard', async () => {
    const slug = unique('new');
    const res = await adminPost('/admin/new-campaign', admin, {
      _csrf: csrf, slug, status: 'draft', locale: 'en', title: 'Made in the browser', goal: '500', 'mail.senderName': 'Team', 'mail.to': 'team@example.org',
      'privacy.controller': 'Team, 1 Street', 'privacy.contact': 'privacy@example.org', organisers: 'lead@example.org',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/campaigns/${slug}`);
    const row = await env.DB.prepare('SELECT title, status, draft, goal FROM campaigns WHERE slug = ?1').bind(slug).first();
    expect(row).toEqual({ title: 'Made in the browser', status: 'closed', draft: 1, goal: 500 });
    const { results } = await auditOf(slug);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ actor: ADMIN, action: 'campaign.create' });
    expect(JSON.parse(results[0]?.detail ?? '{}').fields).toContain('title');
  });

  it('offers the documented defaults: the 48-hour reminder and milestone mail ticked, and saves them so', async () => {
    const html = await (await adminGet('/admin/new-campaign', { cookie: admin })).text();
    expect(html).toContain('<input type="checkbox" id="f-reminder" name="reminder" checked=""/>');
    expect(html).toContain('<input type="checkbox" id="f-milestoneMail" name="milestoneMail" checked=""/>');
    const slug = unique('defaults');
    const res = await adminPost('/admin/new-campaign', admin, {
      _csrf: csrf, slug, title: 'Defaults', goal: '100', 'mail.senderName': 'Team', 'mail.to': 'team@example.org', 'privacy.controller': 'Team, 1 Street',
      'privacy.contact': 'privacy@example.org', 'reminder.present': '1', reminder: 'on', 'milestoneMail.present': '1', milestoneMail: 'on',
    });
    expect(res.status).toBe(303);
    const settings = JSON.parse((await env.DB.prepare('SELECT settings FROM campaigns WHERE slug = ?1').bind(slug).first<string>('settings')) ?? '{}');
    expect([settings.reminder, settings.milestoneMail]).toEqual([true, true]);
  });

  it('refuses an empty sender name and data controller (both required), with a message beside each (422), writing nothing', async () => {
    const slug = unique('empty');
    const res = await adminPost('/admin/new-campaign', admin, {
      _csrf: csrf, slug, title: 'T', goal: '100', 'mail.senderName': '  ', 'mail.to': 'team@example.org', 'privacy.controller': '', 'privacy.contact': 'privacy@example.org',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-mail-senderName-error">must not be empty</span>');
    expect(html).toContain('id="f-privacy-controller-error">must not be empty</span>');
    expect(await env.DB.prepare('SELECT 1 FROM campaigns WHERE slug = ?1').bind(slug).first()).toBeNull();
  });

  it('re-renders with a message next to each bad field and the input kept (422), writing nothing', async () => {
    const slug = unique('bad');
    const res = await adminPost('/admin/new-campaign', admin, { _csrf: csrf, slug, title: 'Kept title', goal: 'lots', 'mail.to': 'nope' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="Kept title"');
    expect(html).toContain('id="f-goal-error">must be a number (got &quot;lots&quot;)</span>');
    expect(html).toContain('id="f-mail-senderName-error">is missing — add the name mail is sent from');
    expect(html).toContain('id="f-mail-to-error">must be an email address (got &quot;nope&quot;)</span>');
    expect(await env.DB.prepare('SELECT 1 FROM campaigns WHERE slug = ?1').bind(slug).first()).toBeNull();
  });

  it('takes a campaign file larger than the 32 KB other forms may send (its own 512 KB limit)', async () => {
    const slug = unique('big');
    const res = await adminPost('/admin/new-campaign', admin, { _csrf: csrf, slug, title: 'Big', goal: 'lots', targetsCsv: 'x'.repeat(100_000) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="f-goal-error">must be a number (got &quot;lots&quot;)</span>');
  });

  it('refuses a slug that is taken (409) and leaves that campaign alone', async () => {
    const existing = await createCampaign({ title: 'Someone else’s' });
    const form = { ...fileToForm({ ...existing, title: 'Taken over' }), _csrf: csrf, 'translations.present': '1', 'targets.present': '1' };
    const res = await adminPost('/admin/new-campaign', admin, form);
    expect(res.status).toBe(409);
    expect(await env.DB.prepare('SELECT title FROM campaigns WHERE slug = ?1').bind(existing.slug).first('title')).toBe('Someone else’s');
  });
});

describe('POST /admin/campaigns/:slug/edit', () => {
  it('saves what the form shows unchanged without writing, then a new title with its audit entry, shown on the public page', async () => {
    const organiser = `${unique('o')}@example.org`;
    const campaign = await createCampaign({ organisers: [organiser] });
    const cookie = await signIn(organiser);
    const token = await csrfOf(cookie);
    const fields = await editForm(campaign.slug, cookie);
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/edit`, cookie, { ...fields, _csrf: token })).status).toBe(303);
    expect((await auditOf(campaign.slug)).results).toHaveLength(0);
    await SELF.fetch(`${ORIGIN}/c/${campaign.slug}`);
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, cookie, { ...fields, _csrf: token, title: 'A better title' });
    expect(res.status).toBe(303);
    const { results } = await auditOf(campaign.slug);
    expect(results.map((r) => [r.actor, r.action, JSON.parse(r.detail).fields])).toEqual([[organiser, 'campaign.edit', ['title']]]);
    expect(await (await SELF.fetch(`${ORIGIN}/c/${campaign.slug}`)).text()).toContain('<h1>A better title</h1>');
    const count = await (await SELF.fetch(`${ORIGIN}/api/campaigns/${campaign.slug}/count`)).json<{ title: string }>();
    expect(count.title).toBe('A better title');
  });

  it('turns the reminder and the milestone mail off with their boxes (the audit names both)', async () => {
    const campaign = await createCampaign();
    const fields = await editForm(campaign.slug);
    expect(fields).toMatchObject({ reminder: 'on', milestoneMail: 'on', 'reminder.present': '1', 'milestoneMail.present': '1' });
    const { reminder: _r, milestoneMail: _m, ...unticked } = fields;
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...unticked, _csrf: csrf })).status).toBe(303);
    const stored = await env.DB.prepare('SELECT file FROM campaigns WHERE slug = ?1').bind(campaign.slug).first<string>('file');
    expect(JSON.parse(stored!)).toMatchObject({ reminder: false, milestoneMail: false });
    expect(JSON.parse((await auditOf(campaign.slug)).results[0]!.detail).fields).toEqual(['milestoneMail', 'reminder']);
    expect(await editForm(campaign.slug)).not.toHaveProperty('reminder');
  });

  it('round-trips a closing time with seconds, translations and target names unchanged', async () => {
    const campaign = await createCampaign({ closesAt: '2030-01-02T03:04:05.000Z' });
    const fields = await editForm(campaign.slug);
    expect(fields.closesAt).toBe('2030-01-02T03:04');
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...fields, _csrf: csrf })).status).toBe(303);
    expect((await auditOf(campaign.slug)).results).toHaveLength(0);
    const moved = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...fields, _csrf: csrf, closesAt: '2030-02-01T10:00' });
    expect(moved.status).toBe(303);
    expect(await env.DB.prepare('SELECT closes_at FROM campaigns WHERE slug = ?1').bind(campaign.slug).first('closes_at')).toBe(Date.UTC(2030, 1, 1, 10));
  });

  it('keeps the slug: a changed one is refused next to the slug field (422)', async () => {
    const campaign = await createCampaign();
    const fields = await editForm(campaign.slug);
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...fields, _csrf: csrf, slug: 'elsewhere' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="f-slug-error"');
  });

  it('names a bad target cell next to itself', async () => {
    const campaign = await createCampaign();
    const fields = await editForm(campaign.slug);
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...fields, _csrf: csrf, 'targets.1.email': 'not-mail' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<li><a href="#f-targets-1-email">Target 2 — Email address</a>: Type an email address such as embassy@example.org.</li>');
    expect(html).toContain('name="targets.1.email" aria-invalid="true" aria-describedby="f-targets-1-email-error" type="email" value="not-mail"/><span class="field-error" id="f-targets-1-email-error">Type an email address such as embassy@example.org.</span>');
  });

  it('adds a target from a country, a name and an address, its id made for it, every other edit kept', async () => {
    const campaign = await createCampaign();
    const fields = await editForm(campaign.slug);
    const n = campaign.targets.length;
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, {
      ...fields, _csrf: csrf, title: 'New title too', [`targets.${n}.country`]: 'NO', [`targets.${n}.name`]: 'Embassy in Oslo', [`targets.${n}.email`]: 'oslo@example.org',
    });
    expect(res.status).toBe(303);
    const row = await env.DB.prepare('SELECT t.key, t.country FROM targets t JOIN campaigns c ON c.id = t.campaign_id WHERE c.slug = ?1 AND t.email = ?2').bind(campaign.slug, 'oslo@example.org').first();
    expect(row).toEqual({ key: 'no-embassy-in-oslo', country: 'NO' });
    expect(await env.DB.prepare('SELECT title FROM campaigns WHERE slug = ?1').bind(campaign.slug).first('title')).toBe('New title too');
  });

  it('shows countries by name in the organiser\'s language, and choices in words', async () => {
    const campaign = await createCampaign();
    const html = await (await adminGet(`/admin/campaigns/${campaign.slug}/edit?lang=ru`, { cookie: admin })).text();
    expect(html).toContain('<option value="GB" selected>Великобритания</option>');
    expect(html).toContain('<option value="show-first" selected="">Показывать публичные послания, пока организатор их не скроет</option>');
    expect(html).not.toContain('Replace the targets');
  });

  it('keeps every other edit when a CSV of targets is pasted in the same form, and a bad CSV keeps all the input', async () => {
    const campaign = await createCampaign();
    const fields = await editForm(campaign.slug);
    const csv = 'name,country,email\r\n"Embassy in Oslo, Norway",NO,oslo@example.org\r\n';
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...fields, _csrf: csrf, summary: 'Edited with the CSV', targetsCsv: csv })).status).toBe(303);
    expect(await env.DB.prepare('SELECT summary FROM campaigns WHERE slug = ?1').bind(campaign.slug).first('summary')).toBe('Edited with the CSV');
    const bad = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { ...fields, _csrf: csrf, summary: 'Not lost', targetsCsv: 'x'.repeat(100) });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="Not lost"');
    expect(html).toContain('This is not CSV with a first line naming its columns');
    expect(await env.DB.prepare('SELECT summary FROM campaigns WHERE slug = ?1').bind(campaign.slug).first('summary')).toBe('Edited with the CSV');
  });

  it('replaces the targets from a CSV, and exports them back', async () => {
    const campaign = await createCampaign();
    const csv = 'name,country,email,language,names.ru\r\n"Embassy in Oslo, Norway",NO,oslo@example.org,en,Посольство в Осло\r\n';
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/edit`, admin, { _csrf: csrf, targetsCsv: csv });
    expect(res.status).toBe(303);
    const out = await (await adminGet(`/admin/campaigns/${campaign.slug}/targets.csv`, { cookie: admin })).text();
    expect(out).toBe('"id","name","country","email","locale","names.en","names.ru","names.kk","names.de"\r\n"no-embassy-in-oslo-norway-1","Embassy in Oslo, Norway","NO","oslo@example.org","en","","Посольство в Осло","",""\r\n');
    const active = await env.DB.prepare('SELECT count(*) AS n FROM targets t JOIN campaigns c ON c.id = t.campaign_id WHERE c.slug = ?1 AND t.active = 1').bind(campaign.slug).first('n');
    expect(active).toBe(1);
  });
});

describe('organisers and tokens from /admin/campaigns/:slug/team', () => {
  it('adds an organiser who gets a sign-in link and may then open the campaign; removes them again', async () => {
    const campaign = await createCampaign();
    const added = `${unique('co')}@example.org`;
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/organisers`, admin, { _csrf: csrf, email: added })).status).toBe(303);
    expect(await mailedLink(added)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = await signIn(added);
    expect((await adminGet(`/admin/campaigns/${campaign.slug}`, { cookie })).status).toBe(200);
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/organisers/remove`, admin, { _csrf: csrf, email: added })).status).toBe(303);
    // Removed, they are signed out: the session they had is gone (issue 24.3).
    const after = await adminGet(`/admin/campaigns/${campaign.slug}`, { cookie });
    expect([after.status, after.headers.get('location')]).toEqual([303, '/admin']);
    expect((await auditOf(campaign.slug)).results.map((r) => r.action)).toEqual(['organiser.add', 'organiser.remove']);
  });

  it('creates a token shown once (stored hashed) that reads the campaign file, and revokes it', async () => {
    const campaign = await createCampaign();
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/tokens`, admin, { _csrf: csrf, label: 'sheet', scope: 'read' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const token = /data-token[^>]*>([A-Za-z0-9_-]{43})</.exec(await res.text())?.[1] ?? '';
    expect(token).toHaveLength(43);
    expect(await env.DB.prepare('SELECT 1 FROM api_tokens WHERE token_hash = ?1').bind(token).first()).toBeNull();
    expect((await adminGet(`/api/admin/campaigns/${campaign.slug}`, { authorization: `Bearer ${token}` })).status).toBe(200);
    const id = await env.DB.prepare("SELECT t.id FROM api_tokens t JOIN campaigns c ON c.id = t.campaign_id WHERE c.slug = ?1 AND t.label = 'sheet'").bind(campaign.slug).first<number>('id');
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/tokens/${id}/revoke`, admin, { _csrf: csrf })).status).toBe(303);
    expect((await adminGet(`/api/admin/campaigns/${campaign.slug}`, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await auditOf(campaign.slug)).results.map((r) => r.action)).toEqual(['token.create', 'token.revoke']);
  });
});
