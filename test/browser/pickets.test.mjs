// Browser test of the campaign page's Pickets section and a picket's page on a 390×844 phone:
// the visitor's own time beside the picket's (pickets.js), the visitor's country first (the
// form's country, else the browser's language), the line pointing to the email protest where
// the country has none, and axe-core finding no WCAG A/AA violation.
//
//   node --test test/browser/pickets.test.mjs      (PICKETS_TEST_PORT / PICKETS_TEST_INSPECTOR to move ports)
// Screenshots: see shot() in support.mjs (UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { DESKTOP, PHONE, SLUG, violations } from './page-support.mjs';
import { serveHost, shot } from './support.mjs';

let app;
let browser;

before(async () => {
  app = await startApp({ port: Number(process.env.PICKETS_TEST_PORT ?? 8793), inspectorPort: Number(process.env.PICKETS_TEST_INSPECTOR ?? 9293) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

const texts = (page, sel) => page.locator(sel).allInnerTexts();

test('a visitor in New York: times in their zone, no picket in their country, the form pointed to', async () => {
  const context = await browser.newContext({ viewport: PHONE, timezoneId: 'America/New_York', locale: 'en-US', bypassCSP: true }) // bypassCSP only so that axe can be injected;
  const page = await context.newPage();
  await page.goto(`${app.url}/c/${SLUG}?lang=en`);
  const section = page.locator('#pickets');
  await section.scrollIntoViewIfNeeded();
  assert.deepEqual(await texts(page, '#pickets .picket-yours'), [' — 06:00 your time', ' — 12:00 your time']);
  assert.deepEqual(await texts(page, '#pickets .picket-when'), ['16 June 12:00 in Berlin–14:00', '16 June 18:00 in Paris–19:30']);
  const none = page.locator('[data-pickets-none]');
  assert.equal(await none.isVisible(), true);
  assert.match(await none.innerText(), /^United States: no picket is planned there yet\. Send your protest by email instead: it reaches the embassy too\. Sign and send your protest$/);
  // The section fits the phone: nothing wider than the screen.
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width);
  await section.screenshot({ path: shot('pickets-phone.png') });
  assert.deepEqual(await violations(page), []);

  // Choosing France in the form moves France first and hides the line.
  await page.selectOption('select[name="country"]', 'FR');
  assert.deepEqual(await page.locator('#pickets .picket-country').evaluateAll((els) => els.map((e) => e.dataset.country)), ['FR', 'DE']);
  assert.equal(await none.isVisible(), false);
  await context.close();
});

test('a visitor in Berlin reading Russian: Germany first, no second time where the zones agree', async () => {
  const context = await browser.newContext({ viewport: PHONE, timezoneId: 'Europe/Berlin', locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(`${app.url}/c/${SLUG}?lang=ru`);
  assert.deepEqual(await page.locator('#pickets .picket-country').evaluateAll((els) => els.map((e) => e.dataset.country)), ['DE', 'FR']);
  assert.deepEqual(await texts(page, '#pickets .picket-yours'), ['', '']);
  assert.equal(await page.locator('[data-pickets-none]').isVisible(), false);
  assert.match((await texts(page, '#pickets h2'))[0], /^Пикеты$/);
  await context.close();
});

// Issue 27: the country named by the page (its own list, in its language), never by the
// browser, whose data may lack it (Chromium names no country in Kazakh: "KZ елінде").
for (const [locale, name] of [['kk-KZ', 'Қазақстан'], ['en-GB', 'Ұлыбритания']]) {
  test(`a ${locale} browser on the Kazakh page: "${name}", in Kazakh, where there is no picket`, async () => {
    const context = await browser.newContext({ viewport: PHONE, timezoneId: 'Asia/Almaty', locale });
    const page = await context.newPage();
    await page.goto(`${app.url}/c/${SLUG}?lang=kk`);
    const none = page.locator('[data-pickets-none]');
    assert.equal(await none.isVisible(), true);
    assert.match(await none.innerText(), new RegExp(`^${name}: ол жерде әзірге пикет жоспарланбаған\\. `));
    assert.deepEqual(await texts(page, '#pickets .picket-when'), ['16 маусым 12:00, Берлин–14:00', '16 маусым 18:00, Париж–19:30']);
    await context.close();
  });
}

test('a picket\'s page on a phone: where, when in both zones, the map link, the form', async () => {
  const context = await browser.newContext({ viewport: PHONE, timezoneId: 'Asia/Almaty', locale: 'kk-KZ', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${app.url}/c/${SLUG}/pickets/de-berlin-0616?lang=kk`);
  const when = await page.locator('[data-start]').innerText();
  assert.match(when, /12:00, Берлин.*UTC\+02:00.*15:00/);
  assert.match(await page.locator('a[href^="https://www.openstreetmap.org/"]').innerText(), /OpenStreetMap/);
  assert.equal(await page.locator('#rsvp-show').isChecked(), false);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width);
  await page.screenshot({ path: shot('picket-page-phone.png'), fullPage: true });
  assert.deepEqual(await violations(page), []);
  await context.close();
});

test('on a desktop the section is in the left column, under the appeal, beside the form', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Europe/Paris', locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${app.url}/c/${SLUG}?lang=en`);
  const section = await page.locator('#pickets').boundingBox();
  const appeal = await page.locator('.appeal').boundingBox();
  const side = await page.locator('.campaign .side').boundingBox();
  assert.ok(section && appeal && side);
  assert.equal(Math.round(section.x), Math.round(appeal.x));
  assert.ok(section.y > appeal.y && section.x + section.width < side.x, 'left column, below the appeal');
  assert.deepEqual(await page.locator('#pickets .picket-country').evaluateAll((els) => els.map((e) => e.dataset.country)), ['FR', 'DE']);
  await page.locator('#pickets').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('pickets-desktop.png') });
  await context.close();
});

test('picket-list.js on someone else\'s site lists the pickets in its own box, in the asked language', async () => {
  const host = await serveHost(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<style>body{font:18px Georgia,serif;color:#123f6b} a{color:lime!important}</style></head><body><h1>Our news</h1>
<script async src="${app.url}/picket-list.js" data-campaign="${SLUG}" data-show="pickets" data-lang="ru"></script>
<div data-solidarity-pickets="${SLUG}" data-lang="en"></div></body></html>`);
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(host.url);
    const links = page.locator('li a');
    await links.first().waitFor();
    assert.deepEqual(await links.allInnerTexts(), ['Посольство Казахстана в Берлине, Германия', 'Посольство Казахстана в Париже, Франция', 'Embassy of Kazakhstan in Berlin, Germany', 'Embassy of Kazakhstan in Paris, France']);
    // The host's styles stay out of the shadow root.
    assert.notEqual(await links.first().evaluate((a) => getComputedStyle(a).color), 'rgb(0, 255, 0)');
    assert.match(await links.first().getAttribute('href'), new RegExp(`^${app.url}/c/${SLUG}/pickets/de-berlin-0616\\?lang=ru$`));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await host.close();
  }
});

test('"I\'ll be there" is confirmed on the link\'s page, a form of the name and "show my name" as this browser gave them', async () => {
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true }); // bypassCSP only so that axe can be injected
  const page = await context.newPage();
  const email = 'rsvp-browser@example.org';
  await page.goto(`${app.url}/c/${SLUG}/pickets/fr-paris-0616?lang=ru`);
  await page.fill('#rsvp-name', 'Ана');
  await page.fill('#rsvp-email', email);
  await page.check('#rsvp-show');
  await page.check('#rsvp-consent');
  await Promise.all([page.waitForURL(/check-inbox/), page.click('form.rsvp-form button[type=submit]')]);
  let link;
  for (let i = 0; i < 60 && !link; i++) {
    const mails = await (await fetch(`${app.url}/dev/mailbox.json`)).json();
    link = mails.find((m) => m.to.includes(email))?.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/)?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 300));
  }
  await page.goto(link);
  assert.equal(await page.inputValue('form.confirm-form #name'), 'Ана');
  assert.equal(await page.isChecked('form.confirm-form #show'), true, 'ticked in this browser');
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width);
  await page.screenshot({ path: shot('picket-confirm-phone.png'), fullPage: true });
  assert.deepEqual(await violations(page), []);
  // Another browser opening the same link finds the box off: nobody ticks it for the owner.
  const other = await browser.newContext({ viewport: PHONE });
  const stranger = await other.newPage();
  await stranger.goto(link);
  assert.equal(await stranger.isChecked('form.confirm-form #show'), false);
  await other.close();
  await Promise.all([page.waitForNavigation(), page.click('form.confirm-form button.submit')]);
  assert.equal(await page.locator('h1').textContent(), 'Вы придёте');
  await context.close();
});
