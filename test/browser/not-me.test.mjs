// Browser test: "this wasn't me" from the confirmation email, on a phone, in English and
// Russian: the page explains, its button erases, axe-core finds nothing, screenshots of both.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { confirmLink, PHONE, signOnPage, violations } from './page-support.mjs';
import { launchBrowser, startApp } from './server.mjs';
import { shot } from './support.mjs';

let app;
let browser;

before(async () => {
  app = await startApp({ port: 8817, inspectorPort: 9317 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

for (const lang of ['en', 'ru']) {
  test(`someone who never signed erases the signature made with their address (${lang}, phone)`, async () => {
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true }); // only so that axe itself can be injected
    const page = await context.newPage();
    const email = `not-me-${lang}@example.org`;
    await signOnPage(page, app.url, lang, email);
    const link = await confirmLink(app.url, email);
    const mails = await (await fetch(`${app.url}/dev/mailbox.json`)).json();
    assert.ok(mails.find((m) => m.to.includes(email)).text.includes(`${link}/not-me`), 'the confirmation carries the not-me link');

    await page.goto(`${link}/not-me`);
    const heading = lang === 'en' ? 'Someone else signed with your address?' : 'Кто-то подписал от вашего адреса?';
    assert.equal(await page.locator('h1').textContent(), heading);
    assert.deepEqual(await violations(page), []);
    await page.screenshot({ path: shot(`not-me-${lang}-phone.png`), fullPage: true });

    await Promise.all([page.waitForLoadState('load'), page.click('form[action*="/not-me"] button')]);
    const done = lang === 'en' ? 'Erased: no more email about this campaign' : 'Стёрто: писем об этой кампании больше не будет';
    await page.waitForSelector(`h1:text("${done}")`);
    assert.deepEqual(await violations(page), []);
    await page.screenshot({ path: shot(`not-me-done-${lang}-phone.png`), fullPage: true });
    await context.close();
  });
}
