// Browser test of the full widget's country list in Chromium, which knows the `kk` locale but
// names no country in it (issue 27): on someone else's page with data-lang="kk" the list is the
// campaign page's own — Kazakh names, Kazakh alphabetical order — from the form's GET …/form answer.
//
//   node --test test/browser/widget-countries.test.mjs   (COUNTRIES_TEST_PORT / COUNTRIES_TEST_INSPECTOR to move ports)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { serveHost } from './support.mjs';

const SLUG = 'zhanaozen-solidarity';
let app;
let browser;
let host;

before(async () => {
  app = await startApp({ port: Number(process.env.COUNTRIES_TEST_PORT ?? 8798), inspectorPort: Number(process.env.COUNTRIES_TEST_INSPECTOR ?? 9298) });
  browser = await launchBrowser();
  host = await serveHost(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
<div data-solidarity-campaign="${SLUG}" data-variant="full" data-lang="kk" data-country="GB"></div>
<script async src="${app.url}/widget.js"></script></body></html>`);
});

after(async () => {
  await host?.close();
  await browser?.close();
  await app?.stop();
});

test('the Kazakh widget lists countries in Kazakh, in Kazakh order, none chosen for the visitor', async () => {
  const context = await browser.newContext({ locale: 'kk-KZ' });
  const page = await context.newPage();
  // What Chromium itself has: the reason the list comes from the server.
  assert.equal(await page.evaluate(() => new Intl.DisplayNames(['kk'], { type: 'region' }).of('KZ')), 'KZ');
  await page.goto(host.url);
  const select = page.locator('[data-solidarity-campaign] select[name=country]');
  await select.waitFor();
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-solidarity-campaign]')?.shadowRoot?.querySelector('select[name=country]');
    return s?.querySelector('option[value="KZ"]')?.textContent === 'Қазақстан';
  }, null, { timeout: 10_000 });
  const names = await select.locator('option').allTextContents();
  const page_ = await (await fetch(`${app.url}/c/${SLUG}?lang=kk`)).text();
  const onPage = [...page_.matchAll(/<option value="[A-Z]{2}"(?: selected="")?>([^<]+)<\/option>/g)].map((m) => m[1]);
  assert.deepEqual(names.slice(1), onPage, 'the same names and order as the campaign page’s form');
  assert.ok(names.indexOf('Әзірбайжан') > names.indexOf('Аустрия') && names.indexOf('Әзірбайжан') < names.indexOf('Бельгия'));
  // The host's data-country chooses nothing: the country goes out in the supporter's name.
  assert.equal(await select.inputValue(), '');
  await context.close();
});
