// Browser test: a supporter asks for updates, an organiser previews and sends one, the
// supporter unsubscribes from the link in it; on a phone, with axe-core on both new pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PHONE, violations } from './page-support.mjs';
import { launchBrowser, startApp } from './server.mjs';
import { shot } from './support.mjs';

const PORT = 8817;
let app;
let browser;

before(async () => {
  app = await startApp({ port: PORT, inspectorPort: 9317 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function mailTo(email, pattern) {
  for (let i = 0; i < 100; i++) {
    const mails = await (await fetch(`${app.url}/dev/mailbox.json`)).json();
    const found = mails.find((m) => m.to.includes(email) && pattern.test(m.text));
    if (found) return { mail: found, link: found.text.match(pattern)[0] };
    await sleep(200);
  }
  throw new Error(`no mail to ${email} matching ${pattern}`);
}

test('a supporter asks for updates, gets one in Russian with one-click headers, and unsubscribes from it', async () => {
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true }); // bypassCSP only so that axe can be injected
  const page = await context.newPage();
  const email = 'updates-browser@example.org';
  await page.goto(`${app.url}/c/zhanaozen-solidarity?lang=ru`);
  assert.equal(await page.isChecked('#updates'), false, 'unticked by default');
  await page.fill('#name', 'Ана Лима');
  await page.fill('#email', email);
  await page.selectOption('#country', 'FR');
  await page.fill('#city', 'Париж');
  await page.selectOption('#target', 'none');
  await page.check('#updates');
  await page.check('#consent');
  await page.click('button.submit');
  await page.waitForURL(/\/signed/);
  await page.goto((await mailTo(email, /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/)).link);
  await page.click('form[action*="/confirm"] button');

  await page.goto(`${app.url}/admin`);
  await page.fill('#email', 'organiser@example.org');
  await page.click('button[type=submit]');
  await page.goto((await mailTo('organiser@example.org', /https?:\/\/\S+\/admin\/login\/[A-Za-z0-9_-]{43}/)).link);
  await page.click('button[type=submit]');
  await page.goto(`${app.url}/admin/campaigns/zhanaozen-solidarity/updates`);
  await page.fill('#update-subject', 'Pickets at the embassies on 16 June');
  await page.fill('#update-body', 'On 16 June we stand at the embassies of Kazakhstan.\n\nBring a sign and a friend.');
  await page.click('summary:has-text("Русский")');
  await page.fill('#update-subject_ru', 'Пикеты у посольств 16 июня');
  await page.fill('#update-body_ru', '16 июня мы стоим у посольств Казахстана.');
  await page.click('button[value=preview]');
  assert.equal(await page.locator('.mail-preview').count(), 2);
  assert.deepEqual(await violations(page), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling on a phone');
  await page.screenshot({ path: shot('updates-preview-phone.png'), fullPage: true });
  // Send asks once more, naming how many it goes to.
  await page.click('button[value=send]');
  await Promise.all([page.waitForURL(/sent=1/), page.click('button[value=send-confirmed]')]);

  const { mail, link } = await mailTo(email, /https?:\/\/\S+\/u\/[A-Za-z0-9_-]{43}/);
  assert.equal(mail.subject, 'Пикеты у посольств 16 июня');
  assert.deepEqual(mail.headers, { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  await page.reload();
  await page.screenshot({ path: shot('updates-dashboard-phone.png'), fullPage: true });

  const supporter = await (await browser.newContext({ viewport: PHONE, bypassCSP: true })).newPage();
  await supporter.goto(link);
  assert.equal(await supporter.locator('h1').textContent(), 'Отписаться от новостей');
  assert.deepEqual(await violations(supporter), []);
  await supporter.screenshot({ path: shot('unsubscribe-ru-phone.png') });
  await supporter.click('button[type=submit]');
  assert.equal(await supporter.locator('h1').textContent(), 'Вы отписались');
});
