// The organiser's day in a real browser: sign in through the dev mailbox, look at the
// dashboard (screenshot, sources included), download the CSV, hide a message from the public
// wall and show it again from the messages page (times in the browser's zone), on a desktop
// and on a phone.
// Starts its own `wrangler dev` on a fresh local database. Run: npm run test:browser:admin
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { shot } from './support.mjs';

const PORT = Number(process.env.ADMIN_TEST_PORT ?? 8793);
const INSPECTOR = Number(process.env.ADMIN_TEST_INSPECTOR_PORT ?? 9293);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SLUG = 'zhanaozen-solidarity';
const ORGANISER = 'organiser@example.org';
const MESSAGE = `Hold the line, Zhanaozen! ${Date.now()}`;

let app;
let browser;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A month of confirmed signatures from several countries, so the dashboard has something to show. */
const SEED = `WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x < 299)
INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, consent_version,
  status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at, source)
SELECT c.id, 'seed' || x || '@example.org', 'seed' || x || '@example.org', 'Supporter ' || x,
  json_extract('["KZ","FR","DE","GB","RU","US","BR","ZA"]', '$[' || ((x * 3 + x / 13) % 8) || ']'), 'City', NULL,
  iif(x % 4 = 0, (SELECT min(id) FROM targets WHERE campaign_id = c.id) + (x % 5), NULL),
  0, '1', iif(x % 17 = 0, 'pending', 'confirmed'), 'seeded-nonce-of-the-test', printf('%064d', x), 0,
  (unixepoch() - ((x * x) / 3210) * 86400 - 3600) * 1000,
  iif(x % 17 = 0, NULL, (unixepoch() - ((x * x) / 3210) * 86400 - 3600) * 1000 + (x % 11) * 60000),
  unixepoch() * 1000,
  json_extract('["share-whatsapp","newsletter/email/june","blog.example.org",null,"share-telegram"]', '$[' || (x % 5) || ']')
FROM seq, campaigns c WHERE c.slug = '${SLUG}'`;

async function mailTo(email, pattern) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${ORIGIN}/dev/mailbox.json`);
    const mails = await res.json();
    const found = mails.find((m) => m.to.includes(email) && pattern.test(m.text));
    if (found) return found.text.match(pattern)[0];
    await sleep(200);
  }
  throw new Error(`no mail to ${email} matching ${pattern}`);
}

before(async () => {
  app = await startApp({ port: PORT, inspectorPort: INSPECTOR, seedSql: SEED });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('an organiser signs in, exports the CSV and hides a message from the wall', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 }, timezoneId: 'Asia/Almaty' });
  const page = await context.newPage();

  // A supporter signs with a public message and confirms it.
  const supporter = `supporter-${Date.now()}@example.org`;
  const signed = await fetch(`${ORIGIN}/api/campaigns/${SLUG}/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Айгүл Сәрсенова', email: supporter, country: 'KZ', city: 'Алматы', message: MESSAGE, target: 'none', public: true, consent: true }),
  });
  assert.equal(signed.status, 202);
  await page.goto(await mailTo(supporter, /http\S+\/s\/[A-Za-z0-9_-]{43}/));
  // Signed through the API, so no box is ticked for them: public is chosen here, where they confirm.
  await page.getByLabel('Show my name and message publicly on this page').check();
  await page.getByRole('button', { name: 'Confirm my signature' }).click();
  await page.goto(`${ORIGIN}/c/${SLUG}?interval=2`);
  await page.locator('[data-wall]', { hasText: MESSAGE }).waitFor({ timeout: 15_000 });

  // Sign in by magic link.
  await page.goto(`${ORIGIN}/admin`);
  await page.getByLabel('Email').fill(ORGANISER);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await page.goto(await mailTo(ORGANISER, /http\S+\/admin\/login\/[A-Za-z0-9_-]{43}/));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your campaigns' }).waitFor();
  await page.getByRole('link', { name: /Zhanaozen/ }).click();
  await page.locator('[data-chart]').waitFor();
  assert.equal(await page.locator('[data-status="confirmed"]').first().innerText(), '283');
  await page.screenshot({ path: shot('dashboard.png'), fullPage: false });

  // Download the CSV.
  await page.locator('#export-format-csv').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="download"]').click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^${SLUG}-signatures-confirmed-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv.split('\r\n')[0], '"id","status","signed at","confirmed at","name","email","country","city","target","message","public","consent","updates","updates consent","source"');
  assert.ok(csv.includes(MESSAGE) && csv.includes('Айгүл Сәрсенова'), 'the CSV holds the new signature');
  assert.equal(csv.trimEnd().split('\r\n').length, 1 + 283, 'header and the confirmed signatures');

  // Where the signatures came from: a row per source, with its rate.
  const whatsapp = page.locator('[data-by-source] tr[data-source="share-whatsapp"] td');
  assert.equal(await whatsapp.first().innerText(), '60');
  await page.locator('#sources-heading').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('dashboard-sources.png'), fullPage: false });

  // The messages page: hide the message, gone from the wall; then show it again.
  await page.locator('[data-messages-link]').click();
  const item = page.locator('li[data-signature]', { hasText: MESSAGE });
  // Times are in the browser's zone (Asia/Almaty here), not the UTC the server wrote.
  const time = item.locator('time[data-local]');
  await page.waitForFunction(() => document.querySelector('li[data-signature] time[data-local]')?.title);
  assert.doesNotMatch(await time.innerText(), /UTC/);
  assert.match(await time.getAttribute('title'), /Asia\/Almaty/);
  await page.screenshot({ path: shot('messages.png'), fullPage: false });
  await item.getByRole('button', { name: 'Hide' }).click();
  await page.locator('.outcome', { hasText: '1 message hidden' }).waitFor();
  assert.match(await page.locator('.log').first().innerText(), /organiser@example\.org · hide/);
  await page.goto(`${ORIGIN}/c/${SLUG}`);
  assert.doesNotMatch(await page.locator('[data-wall]').innerText(), new RegExp(MESSAGE));
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/messages?filter=hidden`);
  await page.locator('li[data-signature]', { hasText: MESSAGE }).getByRole('button', { name: 'Show again' }).click();
  await page.locator('.outcome', { hasText: 'On the public wall now: 1 of 1.' }).waitFor();
  await page.goto(`${ORIGIN}/c/${SLUG}`);
  assert.match(await page.locator('[data-wall]').innerText(), new RegExp(MESSAGE));

  // On a phone: the dashboard and the messages page fit the screen's width.
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  for (const path of [`/admin/campaigns/${SLUG}`, `/admin/campaigns/${SLUG}/messages`]) {
    await phone.goto(`${ORIGIN}${path}`);
    const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${path} is ${scroll} px wide on a ${width} px phone`);
  }
  await phone.locator('.bulk-bar').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: shot('messages-phone.png'), fullPage: false });
  await phone.goto(`${ORIGIN}/admin/campaigns/${SLUG}`);
  await phone.locator('#sources-heading').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: shot('dashboard-sources-phone.png'), fullPage: false });
  await context.close();
});
