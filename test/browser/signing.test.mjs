// Browser test: sign the demo campaign, confirm through the dev mailbox, see the count go up.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { shot } from './support.mjs';

let app;
let browser;

before(async () => {
  app = await startApp({ port: 8801, inspectorPort: 9301 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('a supporter signs, confirms from the dev mailbox and the count goes up', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // phone-sized
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(app.url)) external.push(r.url());
  });

  await page.goto(`${app.url}/c/zhanaozen-solidarity`);
  assert.equal(await page.locator('[data-count]').first().textContent(), '0');

  // An invalid submission comes back with the input kept and focus on the first error.
  await page.fill('#name', 'Aigerim Test');
  await page.fill('#email', 'not-an-email');
  await page.click('button[type=submit]');
  assert.equal(await page.locator('#email-error').textContent(), 'Enter a valid email address, like name@example.org');
  // The page's script moves focus once it runs: wait for it (a loaded machine runs it later).
  await page.waitForFunction(() => document.activeElement?.id === 'email', null, { timeout: 10_000 });
  assert.equal(await page.inputValue('#name'), 'Aigerim Test');

  await page.fill('#email', 'aigerim@example.org');
  await page.selectOption('#country', 'KZ');
  await page.fill('#city', 'Almaty');
  await page.fill('#message', 'Solidarity with the oil workers of Zhanaozen!');
  await page.selectOption('#target', 'fr-paris');
  await page.check('#public');
  await page.check('#consent');
  await page.screenshot({ path: shot('campaign-page.png'), fullPage: false });
  await page.click('button[type=submit]');
  await page.waitForURL(/\/signed$/);
  assert.match(await page.locator('h1').textContent(), /Check your inbox/);

  await page.goto(`${app.url}/dev/mailbox`);
  const link = page.locator('a.mail-link').first();
  await link.click();
  // The page behind the link: what was typed, and the box this browser ticked, to check and confirm.
  assert.equal(await page.inputValue('#message'), 'Solidarity with the oil workers of Zhanaozen!');
  assert.equal(await page.inputValue('#target'), 'fr-paris');
  assert.deepEqual([await page.isChecked('#public'), await page.isChecked('#reply'), await page.isChecked('#updates')], [true, false, false]);
  await page.click('text=Confirm my signature');
  await page.waitForSelector('text=Thank you — your signature is confirmed');

  // The page comes from the cache (up to 5 s old); its script makes the count and the wall live.
  await page.goto(`${app.url}/c/zhanaozen-solidarity?interval=2`);
  await page.waitForFunction(() => document.querySelector('[data-count]')?.textContent === '1', null, { timeout: 15_000 });
  await page.waitForFunction(() => /Solidarity with the oil workers of Zhanaozen!/.test(document.querySelector('[data-wall]')?.textContent ?? ''), null, { timeout: 15_000 });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: shot('campaign-page-desktop.png'), fullPage: false });

  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
});

test('HTML and script in every text field render as text, and nothing runs', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const xss = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
  await page.goto(`${app.url}/c/zhanaozen-solidarity`);
  await page.fill('#name', `Eve ${xss}`);
  await page.fill('#email', 'eve-xss@example.org');
  await page.selectOption('#country', 'FR');
  await page.fill('#city', `Paris ${xss}`);
  await page.fill('#message', `Hello ${xss}`);
  await page.selectOption('#target', 'none');
  await page.check('#public');
  await page.check('#consent');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/signed$/);
  const mails = await (await fetch(`${app.url}/dev/mailbox.json`)).json();
  const link = mails.find((m) => m.to[0] === 'eve-xss@example.org').text.match(/\/s\/[A-Za-z0-9_-]{43}/)[0];
  await page.goto(`${app.url}${link}`);
  await page.click('text=Confirm my signature');
  await page.waitForSelector('text=Thank you — your signature is confirmed');
  for (const path of ['/c/zhanaozen-solidarity', '/dev/mailbox', '/c/zhanaozen-solidarity/embed']) {
    await page.goto(`${app.url}${path}`);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined, path);
  }
  // The wall as the page's script draws it from the messages endpoint: text, never markup.
  await page.goto(`${app.url}/c/zhanaozen-solidarity?interval=2`);
  await page.waitForFunction(() => (document.querySelector('[data-wall]')?.textContent ?? '').includes('Hello <img src=x'), null, { timeout: 15_000 });
  assert.match(await page.locator('[data-wall]').textContent(), /Hello <img src=x onerror="window.__xss=1"><script>window.__xss=1<\/script>/);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(errors, []);
});
