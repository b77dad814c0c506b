import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { DIGEST_GRACE_MS, enqueueDigests } from '../src/email/digest';
import { confirm } from '../src/flows/signing';
import { seedPending } from './delivery-helpers';
import { createCampaign, postJson, sentMail, signatureBody, tokenFor, unique, confirmAs } from './helpers';

/** The campaign's mail of one kind as it went out (rendered by the drainer). */
const outbox = (slug: string, kind: string) => sentMail('o.kind = ?2 AND o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)', slug, kind);

describe('forwards in the recipient’s language', () => {
  it('wraps the supporter’s own words in Russian for the Moscow embassy and in the campaign’s language for its inbox', async () => {
    const tag = unique('fw');
    const c = await createCampaign({ mail: { ...demo.mail, to: `inbox-${tag}@example.org`, cc: [] } });
    const moscow = c.targets.find((t) => t.id === 'ru-moscow');
    expect(moscow?.locale).toBe('ru');
    const email = `${tag}@example.org`;
    const message = 'Hold on, we are with you! Держитесь!';
    // Signed in Kazakh: the supporter's language does not change what the recipients read.
    await postJson(`/api/campaigns/${c.slug}/signatures?lang=kk`, signatureBody({ email, name: 'Ana Lima', city: 'Paris', country: 'FR', message, target: 'ru-moscow' }));
    await confirmAs(await tokenFor(email));
    const [inbox, embassy] = await outbox(c.slug, 'forward');
    expect(JSON.parse(inbox!.to_addrs)).toEqual([`inbox-${tag}@example.org`]);
    expect(inbox!.subject).toBe('Solidarity with the Zhanaozen oil workers from Ana Lima, Paris');
    expect(inbox!.html_body).toContain(`Sent through the “${c.title}” campaign`);
    expect(JSON.parse(embassy!.to_addrs)).toEqual([moscow!.email]);
    expect(embassy!.subject).toBe('Солидарность с нефтяниками Жанаозена от Ana Lima, Paris');
    expect(embassy!.text_body.startsWith(`${message}\n\n`)).toBe(true);
    expect(embassy!.html_body).toContain('<html lang="ru">');
    expect(embassy!.html_body).toContain(`Отправлено через кампанию «${demo.translations.ru.title}»`);
  });

  it('writes in German to an embassy the campaign file gives "locale": "de"', async () => {
    const tag = unique('fwde');
    const targets = demo.targets.map((t) => (t.id === 'at-vienna' ? { ...t, locale: 'de' } : t));
    const c = await createCampaign({ mail: { ...demo.mail, to: `inbox-${tag}@example.org`, cc: [] }, targets });
    expect(c.targets.find((t) => t.id === 'at-vienna')?.locale).toBe('de');
    const email = `${tag}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures?lang=en`, signatureBody({ email, name: 'Ana Lima', city: 'Graz', country: 'AT', message: 'Solidarität!', target: 'at-vienna' }));
    await confirmAs(await tokenFor(email));
    const [, embassy] = await outbox(c.slug, 'forward');
    expect(embassy!.subject).toBe('Solidarität mit den Ölarbeitern von Zhanaozen – Ana Lima, Graz');
    expect(embassy!.text_body).toContain('Wir fordern die sofortige Freilassung von Natalja Sokolowa');
    expect(embassy!.text_body).toContain('Ana Lima, Graz, Österreich');
    expect(embassy!.html_body).toContain('<html lang="de">');
    expect(embassy!.html_body).toContain(`Gesendet über die Kampagne „${demo.translations.de.title}“`);
  });

  it('writes the daily digest in the campaign’s language, messages as written', async () => {
    const tag = unique('dg');
    const c = await createCampaign({ locale: 'ru', mail: { ...demo.mail, to: `inbox-${tag}@example.org`, cc: [], forward: 'digest' } });
    const tokens = await seedPending(c.slug, 5);
    for (const t of tokens) await confirm(env.DB, t);
    const day = Date.UTC(2026, 10, 22);
    await env.DB.prepare(`UPDATE signatures SET confirmed_at = ?2 WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug, day + 3_600_000).run();
    expect(await enqueueDigests(env.DB, day + 86_400_000 + DIGEST_GRACE_MS)).toBe(1);
    const [digest] = await outbox(c.slug, 'digest');
    // The campaign's main language is Russian: its own fields are the Russian text.
    expect(digest!.subject).toBe(`Сводка за день: 5 посланий солидарности для «${c.title}» (2026-11-22)`.slice(0, 200));
    expect(digest!.text_body).toContain('2026-11-22 (UTC) 5 сторонников подтвердили послания');
    expect(digest!.text_body).toContain('— Supporter 0, Lyon, Франция');
    expect(digest!.text_body).toContain('Message number 0 <b>&</b>');
  });
});
