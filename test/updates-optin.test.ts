import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runPrivacySweep } from '../src/db/privacy';
import { type Locale } from '../src/i18n/index';
import en from '../src/i18n/messages/en.json';
import { UPDATES_CONSENT_VERSION } from '../src/schemas/signature';
import { adminGet, makeToken } from './admin-helpers';
import { confirmAs, createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor } from './helpers';
import { seedSupporters } from './update-helpers';

const formFields = (email: string, extra: Record<string, string> = {}) => ({
  name: 'Ana Lima', email, country: 'FR', city: 'Paris', message: '', target: 'fr-paris', consent: 'on', ...extra,
});

const optIn = async (slug: string, email: string) => (await signatureRow(slug, email))?.updates_consent ?? null;

describe('"Keep me updated about this campaign"', () => {
  it('pins its consent text to its version: change one, change the other', () => {
    // If this fails, the text supporters agree to changed: bump UPDATES_CONSENT_VERSION and this text together.
    expect([UPDATES_CONSENT_VERSION, en['form.updates']]).toEqual([
      'updates-1',
      'Keep me updated about this campaign: its organisers may email me news of it, and every such email lets me unsubscribe in one click.',
    ]);
  });

  it('GET /c/:slug offers it unticked, in the page\'s language', async () => {
    const file = await createCampaign();
    const said: Record<Locale, string> = { en: 'Keep me updated', ru: 'Сообщайте мне новости', kk: 'жаңалықтарын маған хабарлап', de: 'Halten Sie mich über diese Kampagne auf dem Laufenden' };
    for (const [lang, words] of Object.entries(said)) {
      const html = await (await SELF.fetch(`${ORIGIN}/c/${file.slug}?lang=${lang}`)).text();
      expect(html).toMatch(/<input type="checkbox" id="updates" name="updates"\/>/);
      expect(html).toContain(words);
    }
  });

  it('POST /s/:token/confirm stores the version when ticked there and nothing when not, whatever signing said', async () => {
    const file = await createCampaign();
    const yes = `yes-${Date.now()}@example.org`;
    const no = `no-${Date.now()}@example.org`;
    expect((await postForm(`/c/${file.slug}/sign`, formFields(yes))).status).toBe(303);
    expect((await postForm(`/c/${file.slug}/sign`, formFields(no, { updates: 'on' }))).status).toBe(303);
    expect([await optIn(file.slug, yes), await optIn(file.slug, no)]).toEqual([null, null]);
    expect((await confirmAs(await tokenFor(yes), { updates: 'on' })).status).toBe(303);
    expect((await confirmAs(await tokenFor(no))).status).toBe(303);
    expect(await optIn(file.slug, yes)).toBe(UPDATES_CONSENT_VERSION);
    expect(await optIn(file.slug, no)).toBeNull();
  });

  it('POST /api/campaigns/:slug/signatures takes `updates: true` (only a pre-set, stored by nobody), and refuses a value that is not a yes or no', async () => {
    const file = await createCampaign();
    const body = signatureBody({ updates: true });
    expect((await postJson(`/api/campaigns/${file.slug}/signatures`, body)).status).toBe(202);
    expect(await optIn(file.slug, String(body.email))).toBeNull();
    const bad = await postJson(`/api/campaigns/${file.slug}/signatures`, signatureBody({ updates: 'maybe' }));
    expect(bad.status).toBe(422);
    const json = await bad.json<{ error: { issues: { field: string }[] } }>();
    expect(json.error.issues.map((i) => i.field)).toEqual(['updates']);
  });

  it('signing again never sets it: not for a pending signature, nor a confirmed one', async () => {
    const file = await createCampaign();
    const body = signatureBody();
    const email = String(body.email);
    await postJson(`/api/campaigns/${file.slug}/signatures`, body);
    await postJson(`/api/campaigns/${file.slug}/signatures`, { ...body, updates: true });
    expect(await optIn(file.slug, email)).toBeNull();
    expect((await confirmAs(await tokenFor(email))).status).toBe(303);
    await postJson(`/api/campaigns/${file.slug}/signatures`, { ...body, updates: true });
    expect(await signatureRow(file.slug, email)).toMatchObject({ status: 'confirmed', updates_consent: null });
  });

  it('withdrawal clears it', async () => {
    const file = await createCampaign();
    const body = signatureBody({ updates: true });
    await postJson(`/api/campaigns/${file.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    const id = (await signatureRow(file.slug, String(body.email)))?.id;
    const res = await SELF.fetch(`${ORIGIN}/s/${token}/withdraw`, { method: 'POST', headers: { origin: ORIGIN }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(await env.DB.prepare('SELECT status, updates_consent FROM signatures WHERE id = ?1').bind(id).first()).toEqual({ status: 'withdrawn', updates_consent: null });
  });

  it('erasure after the retention period clears it', async () => {
    const file = await createCampaign({ privacy: { controller: 'X', contact: 'p@example.org', retentionDays: 30 } });
    const [s] = await seedSupporters(file.slug, [{}]);
    await env.DB.prepare(`UPDATE campaigns SET status = 'closed', closed_at = ?2 WHERE slug = ?1`).bind(file.slug, Date.now() - 31 * 86_400_000).run();
    await runPrivacySweep(env.DB, Date.now());
    expect(await env.DB.prepare('SELECT email, updates_consent FROM signatures WHERE id = ?1').bind(s!.id).first()).toEqual({ email: null, updates_consent: null });
  });

  it('GET /api/campaigns/:slug/form?lang= carries the widget form\'s words: no updates box, "No embassy"', async () => {
    const file = await createCampaign();
    const json = await (await SELF.fetch(`${ORIGIN}/api/campaigns/${file.slug}/form?lang=ru`)).json<{ labels: Record<string, string> }>();
    // The widget offers no box (none it ticks would count) and no embassy, and says so.
    expect(json.labels.updates).toBeUndefined();
    expect(json.labels.noTarget).toBe('Никакому посольству — только кампании');
  });

  it('the CSV export has the columns "updates" and "updates consent"', async () => {
    const file = await createCampaign();
    const [yes, no, gone] = await seedSupporters(file.slug, [{}, { updates: false }, { unsubscribed: true }]);
    const token = await makeToken(file.slug);
    const csv = await (await adminGet(`/api/admin/campaigns/${file.slug}/signatures.csv`, { authorization: `Bearer ${token}` })).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/"consent","updates","updates consent","source"$/);
    const row = (email: string) => lines.find((l) => l.includes(email)) ?? '';
    // (These came with no source: the last column is empty.)
    expect(row(yes!.email)).toMatch(/"yes","updates-1",$/);
    expect(row(no!.email)).toMatch(/"no",,$/);
    expect(row(gone!.email)).toMatch(/"unsubscribed","updates-1",$/);
  });
});
