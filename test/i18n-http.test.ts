import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { createCampaign, ORIGIN, postForm, postJson, sentMail, signatureBody, signatureRow, tokenFor, unique, confirmAs } from './helpers';

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers, redirect: 'manual' });

/** Mail to `email` as it went out (rendered by the drainer). */
const mailTo = (email: string) => sentMail('o.to_addrs = json_array(?1)', email);

describe('GET /c/:slug in the visitor’s language', () => {
  it('follows Accept-Language on a first visit: Russian text, campaign content, headers and a switcher', async () => {
    const c = await createCampaign();
    const res = await get(`/c/${c.slug}`, { 'accept-language': 'fr-FR,ru;q=0.8,en;q=0.5' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('ru');
    expect(res.headers.get('vary')).toContain('Accept-Language');
    const html = await res.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain(`<h1>${demo.translations.ru.title}</h1>`);
    expect(html).toContain('<h2>Мы требуем</h2>');
    expect(html).toContain('<span data-count-label="true">подписей</span>');
    expect(html).toContain('<label for="city">Город</label>');
    // Embassies grouped by country, and named, in the page's language.
    expect(html).toContain('<optgroup label="Франция" data-country="FR"><option value="fr-paris">Посольство Казахстана в Париже, Франция</option></optgroup>');
    expect(html).toContain(`<a href="/c/${c.slug}?lang=kk" hreflang="kk" lang="kk" data-lang="kk">Қазақша</a>`);
    expect(html).toContain('<span aria-current="true" lang="ru">Русский</span>');
    // Chosen by the header, not the URL: links stay plain and the page renegotiates.
    expect(html).toContain(`<form method="post" action="/c/${c.slug}/sign"`);
  });

  it('speaks German to a browser in Austria: interface, campaign text, embassy names, numbers', async () => {
    const c = await createCampaign();
    const res = await get(`/c/${c.slug}`, { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' });
    expect(res.headers.get('content-language')).toBe('de');
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<meta property="og:locale" content="de_DE"/>');
    expect(html).toContain(`<h1>${demo.translations.de.title}</h1>`);
    expect(html).toContain('<h2>Wir fordern</h2>');
    expect(html).toContain(`<li>${demo.translations.de.demands[0]}</li>`);
    expect(html).toContain('<span data-count-label="true">Unterschriften</span>');
    expect(html).toContain('<span data-goal="true">1.000</span>');
    expect(html).toContain('<label for="city">Stadt</label>');
    expect(html).toContain('<optgroup label="Österreich" data-country="AT"><option value="at-vienna">Botschaft Kasachstans in Wien, Österreich</option></optgroup>');
    expect(html).toContain('<span aria-current="true" lang="de">Deutsch</span>');
    // Every other language offers German in its switcher.
    for (const lang of ['en', 'ru', 'kk']) {
      expect(await (await get(`/c/${c.slug}?lang=${lang}`)).text()).toContain(`<a href="/c/${c.slug}?lang=de" hreflang="de" lang="de" data-lang="de">Deutsch</a>`);
    }
  });

  it('keeps a language chosen in the URL over Accept-Language, in links and form actions', async () => {
    const c = await createCampaign();
    const res = await get(`/c/${c.slug}?lang=kk`, { 'accept-language': 'ru' });
    expect(res.headers.get('content-language')).toBe('kk');
    const html = await res.text();
    expect(html).toContain(`<h1>${demo.translations.kk.title}</h1>`);
    expect(html).toContain(`<form method="post" action="/c/${c.slug}/sign?lang=kk"`);
    expect(html).toContain(`<a href="/c/${c.slug}/privacy?lang=kk">Құпиялылық туралы хабарламамен</a> келісемін`);
    expect(html).toContain(`<a href="/c/${c.slug}?lang=en" hreflang="en" lang="en" data-lang="en">English</a>`);
    expect(html).toContain(`<a href="/c/${c.slug}/embed-code?lang=kk">Есептегішті өз сайтыңызға орналастыру</a>`);
    // workerd has no Kazakh ICU data: numbers are grouped and countries named as in Russian.
    expect(html).toContain('<span data-goal="true">1\u00a0000</span>');
    expect(html).toContain('<optgroup label="Франция" data-country="FR"><option value="fr-paris">Қазақстан елшілігі — Париж, Франция</option></optgroup>');
    const snippets = await (await get(`/c/${c.slug}/embed-code?lang=kk`)).text();
    expect(snippets).toContain('data-lang=&quot;kk&quot;&gt;&lt;/script&gt;');
  });

  it('stays English without Accept-Language or with an unsupported one; an unknown ?lang is ignored', async () => {
    const c = await createCampaign();
    for (const headers of [{}, { 'accept-language': 'fr-FR,fr;q=0.9' }] as Record<string, string>[]) {
      const res = await get(`/c/${c.slug}?lang=xx`, headers);
      expect(res.headers.get('content-language')).toBe('en');
      expect(await res.text()).toContain(`<h1>${c.title}</h1>`);
    }
  });

  it('formats plural counts per language on the home page', async () => {
    // Its own campaigns, one per Russian plural form (and 21, which is "one" again).
    const expected: Record<number, string> = { 1: 'подпись', 3: 'подписи', 5: 'подписей', 21: 'подпись' };
    const slugs: Record<number, string> = {};
    for (const n of [1, 3, 5, 21]) {
      const c = await createCampaign({ goal: 1000 });
      await env.DB.prepare('UPDATE campaign_counts SET confirmed = ?2 WHERE slug = ?1').bind(c.slug, n).run();
      slugs[n] = c.slug;
    }
    const html = await (await get('/?lang=ru')).text();
    for (const n of [1, 3, 5, 21]) {
      const start = html.indexOf(`<a href="/c/${slugs[n]}?lang=ru">`);
      expect(start, `campaign with ${n}`).toBeGreaterThan(0);
      const card = html.slice(start, html.indexOf('</li>', start));
      expect(card).toContain(`<strong data-count="true">${n}</strong> <span data-count-label="true">${expected[n]}</span>`);
      expect(card).toContain(`<strong class="to-go" data-to-go="true">осталось ${1000 - n}</strong><span class="goal">Цель — <span data-goal="true">1\u00a0000</span></span>`);
    }
  });
});

describe('POST /c/:slug/sign in the chosen language', () => {
  it('re-renders the form with Russian messages and keeps ?lang in the action', async () => {
    const c = await createCampaign();
    const res = await postForm(`/c/${c.slug}/sign?lang=ru`, { name: 'Ана', email: 'nope', country: 'FR', city: '', consent: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="city-error">Укажите город</p>');
    expect(html).toContain('<p class="field-error" id="email-error">Укажите правильный адрес почты, например name@example.org</p>');
    expect(html).toContain(`action="/c/${c.slug}/sign?lang=ru"`);
    // The switcher points at the page the form is on, not at the POST address.
    expect(html).toContain(`<a href="/c/${c.slug}?lang=kk"`);
  });

  it('stores the language with the signature and mails, links and pages speak it', async () => {
    const c = await createCampaign();
    const email = `${unique('ru')}@example.org`;
    const res = await postForm(`/c/${c.slug}/sign?lang=ru`, { name: 'Ана', email, country: 'KZ', city: 'Алматы', message: 'Держитесь!', target: 'fr-paris', consent: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${c.slug}/signed?lang=ru`);
    expect((await signatureRow(c.slug, email))?.locale).toBe('ru');
    const [mail] = await mailTo(email);
    expect(mail?.subject).toBe(`Подтвердите подпись: ${demo.translations.ru.title}`.slice(0, 200));
    expect(mail?.text_body).toContain('Здравствуйте, Ана!');
    expect(mail?.html_body).toContain('Подтвердить подпись</a>');

    const token = await tokenFor(email);
    const page = await get(`/s/${token}`); // no ?lang and no Accept-Language: the stored one
    expect(page.headers.get('content-language')).toBe('ru');
    const confirmPage = await page.text();
    expect(confirmPage).toContain('<h1>Подтвердите подпись</h1>');
    expect(confirmPage).toContain(`<form method="post" action="/s/${token}/confirm?lang=ru" class="sign-form confirm-form" novalidate="">`);
    expect(confirmPage).toContain('<button type="submit" class="submit">Подтвердить подпись</button>');
    const confirmed = await confirmAs(token);
    expect(confirmed.headers.get('location')).toBe(`/s/${token}`);
    const thanks = await (await get(`/s/${token}`)).text();
    expect(thanks).toContain('<h1>Спасибо — ваша подпись подтверждена</h1>');
    expect(thanks).toContain(`value="http://localhost/c/${c.slug}?lang=ru&amp;source=link"`); // the link to share keeps the language
    expect(await (await get(`/s/${token}?lang=en`)).text()).toContain('<h1>Thank you — your signature is confirmed</h1>');
    await postForm(`/s/${token}/withdraw`, {});
    expect(await (await get(`/s/${token}`)).text()).toContain('<h1>Ваша подпись отозвана</h1>');
  });

  it('signs in German: the confirmation mail, the confirm page and the thank-you speak it', async () => {
    const c = await createCampaign();
    const email = `${unique('de')}@example.org`;
    const fields = { name: 'Jana', email, country: 'DE', city: 'Berlin', message: 'Haltet durch!', target: 'de-berlin', consent: 'on' };
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}/sign`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'accept-language': 'de-CH,de;q=0.9' },
    });
    expect(res.status).toBe(303);
    expect((await signatureRow(c.slug, email))?.locale).toBe('de');
    const [mail] = await mailTo(email);
    expect(mail?.subject).toBe(`Bitte bestätigen Sie Ihre Unterschrift: ${demo.translations.de.title}`.slice(0, 200));
    expect(mail?.text_body).toContain('Hallo Jana,\n\nbitte bestätigen Sie Ihre Unterschrift');
    expect(mail?.html_body).toContain('<html lang="de">');
    const token = await tokenFor(email);
    const confirmPage = await (await get(`/s/${token}`)).text();
    expect(confirmPage).toContain('<h1>Bestätigen Sie Ihre Unterschrift</h1>');
    expect(confirmPage).toContain('Botschaft Kasachstans in Berlin, Deutschland');
    await confirmAs(token);
    expect(await (await get(`/s/${token}`)).text()).toContain('<h1>Danke – Ihre Unterschrift ist bestätigt</h1>');
  });

  it('sends the already-signed mail in the language of the new attempt', async () => {
    const c = await createCampaign();
    const email = `${unique('kk')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }), { 'accept-language': 'kk' });
    await confirmAs(await tokenFor(email));
    await postJson(`/api/campaigns/${c.slug}/signatures?lang=kk`, signatureBody({ email }));
    const mails = await mailTo(email);
    expect(mails.filter((m) => m.kind === 'already-signed').at(-1)?.subject).toBe(`Сіз бұрын қол қойғансыз: ${demo.translations.kk.title}`.slice(0, 200));
  });
});

describe('JSON API in the request’s language', () => {
  it('answers errors and the pending message in Kazakh', async () => {
    const c = await createCampaign();
    const bad = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ city: '', consent: false }), { 'accept-language': 'kk-KZ' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Кейбір өрістер дұрыс толтырылмаған.',
        issues: [
          { field: 'city', message: 'Қалаңызды жазыңыз' },
          { field: 'consent', message: 'Қол қою үшін құпиялылық туралы хабарламамен келісу керек' },
        ],
        requestId: bad.headers.get('x-request-id'),
      },
    });
    const ok = await postJson(`/api/campaigns/${c.slug}/signatures?lang=ru`, signatureBody());
    expect(await ok.json()).toEqual({ status: 'pending', message: 'Проверьте почту: подтвердите подпись по ссылке из нашего письма.' });
    const missing = await get('/api/campaigns/no-such-campaign/count', { 'accept-language': 'ru' });
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'Кампании с таким адресом нет.', issues: [], requestId: missing.headers.get('x-request-id') } });
  });

  it('gives a length limit’s number in the message', async () => {
    const c = await createCampaign();
    const res = await postJson(`/api/campaigns/${c.slug}/signatures?lang=ru`, signatureBody({ name: 'x'.repeat(101) }));
    expect(await res.json()).toMatchObject({ error: { issues: [{ field: 'name', message: 'Имя — не длиннее 100 символов' }] } });
  });
});

describe('GET /api/campaigns/:slug/count?lang=', () => {
  it('adds the words for the widget in that language, one cached copy per language', async () => {
    const c = await createCampaign();
    const ru = await (await get(`/api/campaigns/${c.slug}/count?lang=ru-RU`)).json();
    expect(ru).toMatchObject({
      title: demo.translations.ru.title,
      labels: { lang: 'ru', signatures: 'подписей', goal: 'цель — 1\u00a0000', sign: 'Подписать' },
    });
    const kk = await (await get(`/api/campaigns/${c.slug}/count?lang=kk`)).json();
    expect(kk).toMatchObject({ title: demo.translations.kk.title, labels: { lang: 'kk', signatures: 'қолтаңба', sign: 'Қол қою' } });
    const de = await (await get(`/api/campaigns/${c.slug}/count?lang=de-AT`)).json();
    expect(de).toMatchObject({ title: demo.translations.de.title, labels: { lang: 'de', signatures: 'Unterschriften', goal: 'Ziel 1.000', sign: 'Unterschreiben' } });
    const other = await (await get(`/api/campaigns/${c.slug}/count?lang=zz`)).json();
    expect(other).toMatchObject({ title: c.title, labels: { lang: 'en', signatures: 'signatures', goal: 'goal 1,000' } });
    // Without ?lang the body is as before (no labels), whatever Accept-Language says.
    const plain = await (await get(`/api/campaigns/${c.slug}/count`, { 'accept-language': 'ru' })).json();
    expect(plain).not.toHaveProperty('labels');
    expect(plain).toMatchObject({ title: c.title });
  });
});

describe('embeds in a language', () => {
  it('renders the iframe page and the badge in the asked language, cached apart', async () => {
    const c = await createCampaign();
    const kk = await (await get(`/c/${c.slug}/embed?lang=kk`)).text();
    expect(kk).toMatch(/^<!DOCTYPE html><html lang="kk">/);
    expect(kk).toContain(`<a class="sign" href="/c/${c.slug}?source=embed&amp;lang=kk#sign" target="_top">Қол қою</a>`);
    const en = await (await get(`/c/${c.slug}/embed`)).text();
    expect(en).toContain(`<a class="sign" href="/c/${c.slug}?source=embed#sign" target="_top">Sign</a>`);
    const ru = await get(`/c/${c.slug}/badge.svg`, { 'accept-language': 'ru' });
    expect(ru.headers.get('vary')).toContain('Accept-Language');
    expect(await ru.text()).toContain('aria-label="подписи: 0"');
  });
});

describe('admin in a language', () => {
  it('shows the sign-in page and its errors in Russian', async () => {
    expect(await (await get('/admin?lang=ru')).text()).toContain('<h1>Вход для организаторов</h1>');
    const res = await postForm('/admin/login?lang=ru', { email: 'nope' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<p class="field-error" id="email-error">Укажите правильный адрес почты, например name@example.org</p>');
  });
});

describe('the language switcher on odd paths', () => {
  it('links only to this site, and a path no URL parser takes still gets its error page', async () => {
    for (const path of ['//a//evil.example', '/%5Ca%5C%5Cevil.example', '//[']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toContain('<html lang="en">');
      expect(html, path).not.toMatch(/href="(\/\/|\\\\|\/\\)/);
    }
  });
});
