import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { createUpdate } from '../src/flows/updates';
import { type Locale, LOCALES } from '../src/i18n/index';
import { unsubscribeToken } from '../src/lib/unsubscribe-token';
import { fakeKey, secret } from './delivery-helpers';
import { createCampaign, ORIGIN } from './helpers';
import { drainTo, seedSupporters } from './update-helpers';

const ONE_CLICK = 'List-Unsubscribe=One-Click';

/** The POST a mail provider's button sends: from its own servers, no cookies, no Origin of ours. */
function oneClick(token: string, body = ONE_CLICK, type = 'application/x-www-form-urlencoded') {
  return SELF.fetch(`${ORIGIN}/u/${token}`, { method: 'POST', headers: { 'content-type': type, origin: 'https://mail.google.com' }, body });
}

async function unsubscribedAt(id: number) {
  return env.DB.prepare('SELECT unsubscribed_at FROM signatures WHERE id = ?1').bind(id).first<number | null>('unsubscribed_at');
}

async function sendUpdate(slug: string, subject: string) {
  const campaign = await getCampaign(env.DB, slug);
  await createUpdate(env.DB, campaign!, { text: { subject, body: 'News.' }, translations: {} }, 'organiser@example.org', Date.now());
}

describe('POST /u/:token (one click, RFC 8058)', () => {
  it('unsubscribes with the RFC body and no cookie, answers 200, and the next update skips them', async () => {
    const file = await createCampaign();
    const [leaving, staying] = await seedSupporters(file.slug, [{}, {}]);
    const key = fakeKey();
    await sendUpdate(file.slug, 'First update');
    expect((await drainTo(key, [leaving!.email])).map((d) => d.subject)).toEqual(['First update']);

    const res = await oneClick(leaving!.token);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await unsubscribedAt(leaving!.id)).toBeGreaterThan(0);

    await sendUpdate(file.slug, 'Second update');
    const got = await drainTo(key, [leaving!.email, staying!.email]);
    expect(got.filter((d) => d.to[0] === leaving!.email).map((d) => d.subject)).toEqual(['First update']);
    expect(got.filter((d) => d.to[0] === staying!.email).map((d) => d.subject)).toEqual(['First update', 'Second update']);
  });

  it('also takes the RFC body as multipart/form-data, and a second click changes nothing', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{}]);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const first = await SELF.fetch(`${ORIGIN}/u/${s!.token}`, { method: 'POST', body: form });
    expect(first.status).toBe(200);
    const at = await unsubscribedAt(s!.id);
    expect((await oneClick(s!.token)).status).toBe(200);
    expect(await unsubscribedAt(s!.id)).toBe(at);
  });

  it('drops the update mail still waiting for them', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{}]);
    await sendUpdate(file.slug, 'Waiting update');
    const waiting = () => env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'update' AND signature_id = ?1 AND status = 'pending'`).bind(s!.id).first<number>('n');
    expect(await waiting()).toBe(1);
    await oneClick(s!.token);
    expect(await waiting()).toBe(0);
  });

  it('refuses a request without List-Unsubscribe=One-Click (422) and unsubscribes nobody', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{}]);
    expect((await oneClick(s!.token, 'List-Unsubscribe=Yes')).status).toBe(422);
    expect((await oneClick(s!.token, '')).status).toBe(422);
    expect(await unsubscribedAt(s!.id)).toBeNull();
  });

  it('answers the same 404 for a malformed, an unknown and a forged token, naming no one', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{}]);
    const t = s!.token;
    const forged = `${t.slice(0, 10)}${t[10] === 'A' ? 'B' : 'A'}${t.slice(11)}`;
    // Well formed and properly signed, for a signature id that does not exist.
    const unknown = await unsubscribeToken(secret(), 987_654_321, 'nonce-of-nobody');
    const bodies = [];
    for (const token of ['short', forged, unknown, `${t}x`]) {
      const res = await oneClick(token);
      expect(res.status).toBe(404);
      bodies.push((await res.text()).replace(/[0-9a-f-]{36}|[0-9a-f]{16,}/g, ''));
      expect((await SELF.fetch(`${ORIGIN}/u/${token}`)).status).toBe(404);
    }
    expect(new Set(bodies.map((b) => b.match(/<main[\s\S]*<\/main>/)?.[0])).size).toBe(1);
    expect(bodies[0]).not.toContain(s!.email);
    expect(await unsubscribedAt(s!.id)).toBeNull();
  });
});

describe('GET /u/:token', () => {
  it('shows the button in the supporter\'s language, and unsubscribes nobody by itself', async () => {
    const file = await createCampaign();
    const seeded = await seedSupporters(file.slug, LOCALES.map((locale) => ({ locale })));
    const expected: Record<Locale, string> = { en: 'Unsubscribe from updates', ru: 'Отписаться от новостей', kk: 'Жаңалықтардан бас тарту', de: 'Von Neuigkeiten abmelden' };
    for (const [i, lang] of LOCALES.entries()) {
      const res = await SELF.fetch(`${ORIGIN}/u/${seeded[i]!.token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(expected[lang]);
      expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click"/>');
      expect(html).toContain(`action="/u/${seeded[i]!.token}`);
      expect(await unsubscribedAt(seeded[i]!.id)).toBeNull();
    }
  });

  it('says they get no updates once unsubscribed', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{ unsubscribed: true, locale: 'ru' }]);
    const html = await (await SELF.fetch(`${ORIGIN}/u/${s!.token}`)).text();
    expect(html).toContain('Вы отписались');
    expect(html).not.toContain('name="List-Unsubscribe"');
  });
});
