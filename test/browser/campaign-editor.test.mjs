// Issue 16 in a real browser: an admin creates a campaign and opens it, a supporter signs,
// the campaign's organiser changes its title and sees the public page change, then closes
// it and the page says so. Screenshots of the editor and the page at phone and desktop size.
// Starts its own `wrangler dev` on a fresh local database. Run: npm run test:browser
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { shot, signAndConfirm } from './support.mjs';

const PORT = Number(process.env.EDITOR_TEST_PORT ?? 8797);
const INSPECTOR = Number(process.env.EDITOR_TEST_INSPECTOR_PORT ?? 9297);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const ADMIN = 'operator@example.org';
const ORGANISER = 'lead@example.org';
// Each run has a fresh database, so the slug can be fixed (the screenshots stay the same).
const SLUG = 'dockers-for-zhanaozen';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1200, height: 900 };

let app;
let browser;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function mailTo(email, pattern) {
  for (let i = 0; i < 100; i++) {
    const mails = await (await fetch(`${ORIGIN}/dev/mailbox.json`)).json();
    const found = mails.find((m) => m.to.includes(email) && pattern.test(m.text));
    if (found) return found.text.match(pattern)[0];
    await sleep(200);
  }
  throw new Error(`no mail to ${email} matching ${pattern}`);
}

/** Signs `email` in through the magic link, in its own browser context. */
async function signedIn(email, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/admin`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await page.goto(await mailTo(email, /http\S+\/admin\/login\/[A-Za-z0-9_-]{43}/));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your campaigns' }).waitFor();
  return { context, page };
}

/** Opens the editor of the campaign, changes what `change` does, saves, and waits for "Saved". */
async function edit(page, change) {
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/edit`);
  await change();
  await Promise.all([page.waitForURL(`**/admin/campaigns/${SLUG}/edit?saved=1`), page.getByRole('button', { name: 'Save' }).click()]);
}

before(async () => {
  app = await startApp({ port: PORT, inspectorPort: INSPECTOR, vars: { ADMIN_EMAILS: ADMIN } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('an admin creates and opens a campaign; it is signed, retitled by its organiser, closed', async () => {
  const admin = await signedIn(ADMIN);
  const { page } = admin;
  await page.getByRole('link', { name: 'New campaign' }).click();
  await page.getByLabel('Address (slug)').fill(SLUG);
  await page.getByLabel('Title', { exact: true }).fill('Dockers for Zhanaozen');
  await page.getByLabel('Summary', { exact: true }).fill('Dockers stand with the striking oil workers.');
  await page.getByLabel('Appeal', { exact: true }).fill('The oil workers of Zhanaozen are on strike. Send them a message of solidarity.');
  await page.getByLabel('Goal (signatures)').fill('200');
  await page.getByLabel('Sender name').fill('Dockers Solidarity');
  await page.getByLabel('Controller (name and postal address)').fill('Dockers Union, 1 Quay Street');
  await page.getByLabel('Organisers', { exact: true }).fill(ORGANISER);
  // A target by its country, name and address; the id is made for it (fr-embassy-in-paris-france).
  const row = page.locator('fieldset.target-row').first();
  await row.locator('select[name$=".country"]').selectOption({ label: 'France' });
  await row.locator('input[name$=".name"]').fill('Embassy in Paris, France');
  await row.locator('input[name$=".email"]').fill('paris-embassy@example.org');
  // A bad goal first: shown next to the field, the rest kept.
  await page.getByLabel('Goal (signatures)').fill('0');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  assert.equal(await page.locator('#f-goal-error').innerText(), 'must be at least 1 (got 0)');
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Dockers for Zhanaozen');
  await page.getByLabel('Goal (signatures)').fill('200');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  if (await page.locator('.form-error').count()) assert.fail(await page.locator('.form-error').innerText());
  await page.waitForURL(`**/admin/campaigns/${SLUG}`);

  // A draft: the public gets nothing; its admin sees the preview banner.
  assert.equal((await fetch(`${ORIGIN}/c/${SLUG}`)).status, 404);
  assert.equal((await fetch(`${ORIGIN}/api/campaigns/${SLUG}/count`)).status, 404);
  await page.goto(`${ORIGIN}/c/${SLUG}`);
  await page.locator('.preview-banner').waitFor();

  await edit(page, () => page.getByLabel('Status').selectOption('open'));
  await page.setViewportSize({ width: 1200, height: 1400 });
  await page.screenshot({ path: shot('campaign-editor-desktop.png') });
  await page.locator('fieldset', { has: page.locator('.target-rows') }).first().screenshot({ path: shot('campaign-targets-desktop.png') });
  await admin.context.close();

  // A supporter signs the open campaign.
  const supporter = await browser.newContext({ viewport: PHONE });
  await signAndConfirm(await supporter.newPage(), ORIGIN, SLUG, { name: 'Marie Dupont', email: `marie-${Date.now()}@example.org`, city: 'Lyon' });
  await supporter.close();
  const count = await (await fetch(`${ORIGIN}/api/campaigns/${SLUG}/count`)).json();
  assert.equal(count.count, 1);

  // Its organiser (appointed at creation) retitles it: the public page changes at once.
  const organiser = await signedIn(ORGANISER, PHONE);
  await organiser.page.getByRole('link', { name: 'Dockers for Zhanaozen' }).click();
  await organiser.page.getByRole('link', { name: 'Settings', exact: true }).click();
  await organiser.page.screenshot({ path: shot('campaign-editor-phone.png') });
  await edit(organiser.page, () => organiser.page.getByLabel('Title', { exact: true }).fill('Dockers for Zhanaozen: stop the repression'));
  await organiser.page.goto(`${ORIGIN}/c/${SLUG}`);
  assert.equal(await organiser.page.locator('h1').innerText(), 'Dockers for Zhanaozen: stop the repression');
  assert.equal((await (await fetch(`${ORIGIN}/api/campaigns/${SLUG}/count`)).json()).title, 'Dockers for Zhanaozen: stop the repression');

  // It closes it: the page says so, and no form is left.
  await edit(organiser.page, () => organiser.page.getByLabel('Status').selectOption('closed'));
  await organiser.page.goto(`${ORIGIN}/c/${SLUG}`);
  assert.equal(await organiser.page.locator('p.closed').innerText(), 'This campaign is closed and no longer takes signatures.');
  assert.equal(await organiser.page.locator('form.sign-form').count(), 0);
  await organiser.page.screenshot({ path: shot('campaign-closed-phone.png'), fullPage: false });

  // The audit log on the team page names who changed what.
  await organiser.page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/team`);
  const log = await organiser.page.locator('table.audit').innerText();
  assert.match(log, /lead@example\.org\s+campaign\.edit \{"fields":\["status"\]\}/);
  assert.match(log, /lead@example\.org\s+campaign\.edit \{"fields":\["title"\]\}/);
  assert.match(log, /operator@example\.org\s+campaign\.create/);
  await organiser.context.close();
});
