import { env, SELF } from 'cloudflare:test';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { createUpdate } from '../src/flows/updates';
import { reminderMail } from '../src/email/reminder-mail';
import { type Locale, LOCALES, translator } from '../src/i18n/index';
import { foreignStrings, type Piece, readableHtml, readableJson, readableText, report } from './language-scan';
import { confirmAs, createCampaign, ORIGIN, postForm, sentMail, tokenFor, unique } from './helpers';
import { confirmRsvp, picketTokenFor } from './picket-helpers';

const get = (path: string) => SELF.fetch(`${ORIGIN}${path}`, { redirect: 'manual' });

/** What a supporter of each language types: user content is shown as typed, so the test's is in the page's language. */
const SUPPORTER: Record<string, { name: string; city: string; message: string; picketName: string; news: string }> = {
  en: { name: 'Ann Lee', city: 'Leeds', message: 'Solidarity with the strikers!', picketName: 'Rosa', news: 'News from the strike' },
  ru: { name: 'Анна Ли', city: 'Самара', message: 'Держитесь, мы с вами!', picketName: 'Роза', news: 'Новости забастовки' },
  kk: { name: 'Әсел Нұрова', city: 'Алматы', message: 'Біз сіздермен біргеміз!', picketName: 'Роза', news: 'Ереуіл жаңалықтары' },
  de: { name: 'Anna Lehmann', city: 'Leipzig', message: 'Solidarität mit den Streikenden!', picketName: 'Rosa', news: 'Neues vom Streik' },
};
const supporter = (l: Locale) => SUPPORTER[l] ?? { name: 'Ann', city: 'Leeds', message: 'Solidarity!', picketName: 'Rosa', news: 'News' };

type Seen = { label: string; pieces: Piece[] };

/** A page as HTML, its status checked, made into readable pieces. */
async function page(path: string, status = 200): Promise<Seen> {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  return { label: path, pieces: readableHtml(await res.text()) };
}

/** Every mail sent to `email`, subject, text and HTML. */
async function mails(email: string): Promise<Seen[]> {
  const rows = await sentMail('o.to_addrs = json_array(?1)', email);
  expect(rows.length, `mail to ${email}`).toBeGreaterThan(0);
  // The receipt quotes each letter as sent, in its recipient's language.
  const letters = await sentMail(`o.kind = 'forward' AND o.idempotency_key LIKE ?1`, `${rows.find((m) => m.kind === 'receipt')?.idempotency_key.replace(/:receipt$/, '') ?? '-'}:%`);
  // The sender's name as the inbox shows it ("Солидарность с Жанаозеном" <…>).
  const { results: from } = await env.DB.prepare('SELECT mail_key, from_addr FROM dev_mailbox WHERE to_addrs = json_array(?1)').bind(email).all<{ mail_key: string; from_addr: string }>();
  const senderOf = (key: string) => /^"(.*)" </.exec(from.find((f) => f.mail_key === key)?.from_addr ?? '')?.[1] ?? '';
  return rows.map((m) => ({
    label: `${m.kind} mail to ${email}`,
    pieces: [
      ...readableText(senderOf(m.idempotency_key), 'from'),
      ...readableText(m.subject, 'subject'),
      ...readableText(m.text_body, 'text', letters.map((l) => l.text_body ?? '')),
      ...readableHtml(m.html_body),
    ],
  }));
}

/**
 * Walks every supporter page and mail of a campaign in `lang`, as a supporter does: the
 * campaign page (form, wall, pickets), a form sent back with errors, check-inbox, the
 * confirmation page, the thank-you, the receipt, the pickets and an RSVP, the ledger and its
 * check, the embeds, "not me", an update and its unsubscribe page, a withdrawal.
 */
async function walk(lang: Locale, campaign: Record<string, unknown> = {}): Promise<Seen[]> {
  const c = await createCampaign(campaign);
  const q = `?lang=${lang}`;
  const you = supporter(lang);
  const email = `${unique('one')}@example.org`;
  const seen: Seen[] = [];
  const bad = await postForm(`/c/${c.slug}/sign${q}`, { name: you.name, email: 'nope', country: 'KZ', city: '', consent: '' });
  expect(bad.status).toBe(422);
  seen.push({ label: 'sign form with errors', pieces: readableHtml(await bad.text()) });

  const signed = await postForm(`/c/${c.slug}/sign${q}`, { name: you.name, email, country: 'DE', city: you.city, message: you.message, target: 'de-berlin', public: 'on', consent: 'on' });
  expect(signed.status).toBe(303);
  seen.push(await page(signed.headers.get('location') ?? ''));
  const token = await tokenFor(email);
  seen.push(await page(`/s/${token}`), await page(`/s/${token}/not-me`));
  expect((await confirmAs(token, { public: true, updates: true })).status).toBe(303);
  seen.push(await page(`/s/${token}`));

  // An update (written by the organisers in each language) brings the unsubscribe link.
  const stored = await getCampaign(env.DB, c.slug);
  const texts = Object.fromEntries(LOCALES.map((l) => [l, { subject: supporter(l).news, body: supporter(l).message }]));
  const own = texts[stored!.locale as Locale] ?? { subject: 'News', body: 'News' };
  await createUpdate(env.DB, stored!, { text: own, translations: Object.fromEntries(Object.entries(texts).filter(([l]) => l !== stored!.locale)) }, 'organiser@example.org', Date.now());
  const mail = await mails(email);
  seen.push(...mail);
  const unsubscribe = (await sentMail('o.to_addrs = json_array(?1)', email)).map((m) => /\/u\/([\w-]+)/.exec(m.text_body)?.[1]).find(Boolean);
  expect(unsubscribe, 'an unsubscribe link').toBeTruthy();
  seen.push(await page(`/u/${unsubscribe}`));

  for (const path of ['', '/privacy', '/embed-code', '/embed', '/embed/pickets', '/deliveries', '/deliveries/verify', '/pickets/de-berlin-0616', '/pickets/fr-paris-0616']) {
    seen.push(await page(`/c/${c.slug}${path}${q}`));
  }
  seen.push(await page(`/${q}`), await page(`/c/no-such-campaign${q}`, 404));
  // What the widget and other sites draw: the count's labels, the pickets, the country list, the badge.
  const json = async (path: string, skip: string[]) => ({ label: path, pieces: readableJson(await (await get(path)).json(), skip) });
  seen.push(
    await json(`/api/campaigns/${c.slug}/count${q}`, ['slug', 'updatedAt', 'lang']),
    await json(`/api/campaigns/${c.slug}/pickets${q}`, ['slug', 'id', 'country', 'start', 'end', 'timeZone', 'status', 'contact', 'url']),
    await json(`/api/countries${q}`, ['lang', 'code']),
    { label: 'badge.svg', pieces: readableHtml(await (await get(`/c/${c.slug}/badge.svg${q}`)).text(), { svg: true }) },
  );

  const rsvpEmail = `${unique('rsvp')}@example.org`;
  const rsvp = await postForm(`/c/${c.slug}/pickets/de-berlin-0616/rsvp${q}`, { email: rsvpEmail, name: you.picketName, show: 'on', consent: 'on' });
  expect(rsvp.status).toBe(303);
  const checkInbox = rsvp.headers.get('location') ?? '';
  seen.push(await page(checkInbox.includes('lang=') ? checkInbox : `${checkInbox}${checkInbox.includes('?') ? '&' : '?'}lang=${lang}`));
  const picketToken = await picketTokenFor(rsvpEmail);
  seen.push(await page(`/p/${picketToken}${q}`));
  expect((await confirmRsvp(picketToken, { name: you.picketName })).status).toBe(303);
  seen.push(await page(`/p/${picketToken}${q}`), ...(await mails(rsvpEmail)));

  // Someone else's address: "not me" and its done page.
  const other = `${unique('other')}@example.org`;
  await postForm(`/c/${c.slug}/sign${q}`, { name: you.name, email: other, country: 'KZ', city: you.city, target: 'none', consent: 'on' });
  const otherToken = await tokenFor(other);
  seen.push(...(await mails(other)));
  const notMe = await postForm(`/s/${otherToken}/not-me`, {});
  expect(notMe.status).toBe(303);
  seen.push(await page(notMe.headers.get('location') ?? ''));

  // Signing again once confirmed: the "already signed" mail.
  await postForm(`/c/${c.slug}/sign${q}`, { name: you.name, email, country: 'DE', city: you.city, target: 'none', consent: 'on' });
  seen.push(...(await mails(email)).filter((m) => m.label.startsWith('already-signed')));

  // The reminder, rendered as the cron would; then a withdrawal.
  const t = translator(lang);
  const reminder = await reminderMail(String(stored?.settings.translations[lang]?.title ?? c.title), you.name, `${ORIGIN}/s/${token}`, t, lang, `${ORIGIN}/s/${token}/not-me`);
  seen.push({ label: 'reminder mail', pieces: [...readableText(reminder.subject, 'subject'), ...readableText(reminder.text, 'text'), ...readableHtml(reminder.html)] });
  expect((await postForm(`/s/${token}/withdraw`, {})).status).toBe(303);
  seen.push(await page(`/s/${token}`));
  return seen;
}

const findingsOf = (lang: Locale, seen: Seen[]) => {
  const you = supporter(lang);
  const typed = [you.name, you.city, you.message, you.picketName, you.news].flatMap((s) => s.split(/[\s,!]+/)).filter(Boolean);
  // The campaign's text in this language, as written for it: its words are this language's.
  const translations: Record<string, unknown> = demo.translations;
  const campaignText = JSON.stringify(lang === demo.locale ? [demo.title, demo.summary, demo.body, demo.demands, demo.mail] : translations[lang] ?? '');
  return seen.flatMap((s) => report(s.label, foreignStrings(s.pieces, lang, typed, campaignText)));
};

describe('one language per page (issue 27)', () => {
  for (const lang of LOCALES) {
    it(`every supporter page and mail in ${lang} carries no string of another language, no code and no key`, async () => {
      const seen = await walk(lang);
      expect(seen.length).toBeGreaterThan(20);
      expect(findingsOf(lang, seen)).toEqual([]);
    });
  }

  it('catches a planted English city on a Russian page', async () => {
    const demo = await createCampaign();
    const pickets = [...demo.pickets, { ...demo.pickets[0], id: 'gb-london-0616', target: '', place: 'Посольство Казахстана', city: 'London', country: 'GB', timeZone: 'Europe/London' }];
    const res = await get(`/c/${demo.slug}?lang=ru`);
    expect(foreignStrings(readableHtml(await res.text()), 'ru')).toEqual([]);
    const planted = await createCampaign({ pickets });
    const found = foreignStrings(readableHtml(await (await get(`/c/${planted.slug}?lang=ru`)).text()), 'ru').map((f) => f.found);
    expect(found).toContain('London');
  });
});
