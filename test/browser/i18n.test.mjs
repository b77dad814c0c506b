// Browser test: the campaign page in each language, switched with the language links; the
// choice stays in the URL and survives a form post; a first visit follows the browser's
// language. Screenshots of the page in each language: campaign-{en,ru,de,kk}.png (see shot() in support.mjs).
//
//   node --test test/browser/i18n.test.mjs      (I18N_TEST_PORT / I18N_TEST_INSPECTOR to move ports)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { serveHost, shot } from './support.mjs';

const SLUG = 'zhanaozen-solidarity';
const demo = JSON.parse(readFileSync(`campaigns/${SLUG}.json`, 'utf8'));
const TITLES = { en: demo.title, ru: demo.translations.ru.title, kk: demo.translations.kk.title, de: demo.translations.de.title };
const SIGN = { en: 'Sign', ru: 'Подписать', kk: 'Қол қою', de: 'Unterschreiben' };
const NAMES = { en: 'English', ru: 'Русский', kk: 'Қазақша', de: 'Deutsch' };

let app;
let browser;

before(async () => {
  app = await startApp({ port: Number(process.env.I18N_TEST_PORT ?? 8794), inspectorPort: Number(process.env.I18N_TEST_INSPECTOR ?? 9294) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function expectLanguage(page, lang) {
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  assert.equal(await page.locator('h1').textContent(), TITLES[lang]);
  assert.equal(await page.locator('form.sign-form button[type=submit]').textContent(), SIGN[lang]);
  assert.equal(await page.locator('.languages [aria-current]').textContent(), NAMES[lang]);
}

test('the language switcher shows the campaign page in English, Russian, German and Kazakh', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(`${app.url}/c/${SLUG}`);
  await expectLanguage(page, 'en');
  await page.screenshot({ path: shot('campaign-en.png') });

  // Kazakh last: the form post below is made in it.
  for (const lang of ['ru', 'de', 'kk']) {
    await Promise.all([page.waitForURL(`**/c/${SLUG}?lang=${lang}`), page.click(`.languages a[data-lang="${lang}"]`)]);
    await expectLanguage(page, lang);
    await page.screenshot({ path: shot(`campaign-${lang}.png`) });
  }

  // The choice survives a post: the re-rendered form speaks Kazakh and keeps ?lang.
  await page.fill('#name', 'Айгүл');
  await Promise.all([page.waitForURL(`**/c/${SLUG}/sign?lang=kk`), page.click('form.sign-form button[type=submit]')]);
  assert.equal(await page.locator('#city-error').textContent(), 'Қалаңызды жазыңыз');
  assert.equal(await page.getAttribute('form.sign-form', 'action'), `/c/${SLUG}/sign?lang=kk`);

  await Promise.all([page.waitForURL(`**/c/${SLUG}?lang=en`), page.click('.languages a[data-lang="en"]')]);
  await expectLanguage(page, 'en');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit follows the browser’s language, and the live count speaks it', async () => {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${app.url}/c/${SLUG}?interval=2`);
  await expectLanguage(page, 'ru');
  // The page script polls the count with ?lang=ru and keeps the Russian plural.
  const answer = await page.waitForResponse((r) => r.url().includes(`/api/campaigns/${SLUG}/count?lang=ru`));
  assert.equal((await answer.json()).labels.signatures, 'подписей');
  assert.equal(await page.locator('[data-count-label]').first().textContent(), 'подписей');
  await context.close();
});

test('the widget takes data-lang: Russian words and numbers on someone else’s English page', async () => {
  const host = await serveHost(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
<div id="w" data-solidarity-campaign="${SLUG}" data-lang="ru" data-variant="full"></div>
<script async src="${app.url}/widget.js"></script></body></html>`);
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    await page.goto(host.url);
    const text = (sel) => page.evaluate((s) => document.querySelector('#w')?.shadowRoot?.querySelector(s)?.textContent ?? null, sel);
    // The inline form is built once the first count brings its words.
    await page.waitForFunction(() => Boolean(document.querySelector('#w')?.shadowRoot?.querySelector('form')));
    assert.equal(await text('.n'), '0 подписей · цель — 1\u00a0000');
    assert.equal(await text('.t'), TITLES.ru);
    // One Sign button: the form's (no link beside it).
    assert.equal(await text('a.s'), null);
    assert.equal(await text('form button'), 'Подписать');
    assert.match(await text('form'), /Имя.*Эл\. почта.*Страна.*Город.*Ваше послание.*Отправить моё послание также/s);
  } finally {
    await context.close();
    await host.close();
  }
});
