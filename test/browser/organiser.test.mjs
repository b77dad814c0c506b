// Issue 26.7, as an organiser would: create a campaign, add a target by its country, add a
// picket at the embassy in London (its zone follows the place), moderate, mark as spam (it asks
// first) and undo it from the Spam filter, send an update (it asks once more), and export;
// at 1280×800 and 390×844, axe-core on every organiser page. Starts its own `wrangler dev`.
// Run: unshare -n sh -c 'ip link set lo up && node --test test/browser/organiser.test.mjs'
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, violations } from './page-support.mjs';
import { launchBrowser, startApp } from './server.mjs';
import { shot, signAndConfirm } from './support.mjs';

const PORT = Number(process.env.ORGANISER_TEST_PORT ?? 8796);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SLUG = 'zhanaozen-solidarity';
const ADMIN = 'admin@example.org';
const PAGES = ['', '/messages', '/deliveries', '/updates', '/pickets', '/team', '/export', '/edit'];

let app;
let browser;

before(async () => {
  app = await startApp({ port: PORT, inspectorPort: PORT + 500, vars: { ADMIN_EMAILS: ADMIN } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function signIn(page, email) {
  await page.goto(`${ORIGIN}/admin`);
  await page.fill('input[name=email]', email);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  for (let i = 0; i < 100; i++) {
    const mails = await (await fetch(`${ORIGIN}/dev/mailbox.json`)).json();
    const mail = mails.find((m) => m.to.includes(email) && /\/admin\/login\/[A-Za-z0-9_-]{43}/.test(m.text));
    if (mail) {
      await page.goto(mail.text.match(/http\S+\/admin\/login\/[A-Za-z0-9_-]{43}/)[0]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no sign-in link for ${email}`);
}

/** Every organiser page of a campaign: 0 axe violations, and no wider than the screen. */
async function checkPages(page, slug, viewport, tag) {
  for (const path of PAGES) {
    await page.goto(`${ORIGIN}/admin/campaigns/${slug}${path}`);
    assert.deepEqual(await violations(page), [], `axe on ${path || '/'} at ${viewport.width}px`);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${path || '/'} is ${scroll} px wide on a ${width} px screen`);
    await page.screenshot({ path: shot(`organiser-${tag}-${(path || '/overview').slice(1)}.png`), fullPage: false });
  }
}

test('create → edit targets → a picket at London → moderate → undo spam → send an update → export', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, acceptDownloads: true, timezoneId: 'Asia/Almaty' });
  const page = await context.newPage();
  await signIn(page, ADMIN);

  // Create: the documented defaults are ticked.
  await page.goto(`${ORIGIN}/admin/new-campaign`);
  assert.equal(await page.isChecked('#f-reminder'), true);
  assert.equal(await page.isChecked('#f-milestoneMail'), true);

  // Edit targets: a new one by its country, name and address; the id is made for it.
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/edit`);
  const empty = page.locator('fieldset.target-row').filter({ has: page.locator('select option[value=""]:checked') }).first();
  await empty.locator('select[name$=".country"]').selectOption({ label: 'Norway' });
  await empty.locator('input[name$=".name"]').fill('Embassy in Oslo');
  await empty.locator('input[name$=".email"]').fill('oslo@example.org');
  await Promise.all([page.waitForURL('**/edit?saved=1'), page.getByRole('button', { name: 'Save' }).click()]);

  // A picket at the embassy in London: the zone follows the place.
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/pickets`);
  await page.fill('#picket-id', 'gb-london-0616');
  await page.selectOption('#picket-target', 'gb-london');
  assert.equal(await page.inputValue('#picket-timeZone'), 'Europe/London');
  assert.equal(await page.inputValue('#picket-city'), 'London');
  await page.fill('#picket-start', '2027-06-16T12:00');
  await page.fill('#picket-end', '2027-06-16T14:00');
  await Promise.all([page.waitForURL('**/pickets'), page.getByRole('button', { name: 'Save picket' }).click()]);
  assert.match(await page.locator('tr[data-picket="gb-london-0616"]').innerText(), /Europe\/London/);

  // Moderate, mark as spam (asked first), undo from the Spam filter.
  const message = `Solidarity from Lyon ${Date.now()}`;
  await signAndConfirm(page, ORIGIN, SLUG, { name: 'Ana', email: `ana-${Date.now()}@example.org`, city: 'Lyon', message });
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/messages`);
  await page.locator('li[data-signature]', { hasText: message }).getByRole('button', { name: 'Mark as spam' }).click();
  await page.locator('#spam-confirm-heading').waitFor();
  assert.deepEqual(await violations(page), []);
  await page.getByRole('button', { name: 'Yes, mark as spam' }).click();
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/messages?filter=spam`);
  await page.locator('li[data-signature]', { hasText: message }).getByRole('button', { name: 'Not spam: restore' }).click();
  await page.locator('.outcome', { hasText: 'restored' }).waitFor();

  // An update: Send asks once more, naming the number.
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/updates`);
  await page.fill('#update-subject', 'The strike goes on');
  await page.fill('#update-body', 'Thank you all.');
  await page.getByRole('button', { name: /^Send to \d+ supporter/ }).click();
  await page.locator('#confirm-send').waitFor();
  await page.screenshot({ path: shot('update-confirm.png'), fullPage: false });

  // Export: the browser fetches the signatures page by page (each request within Workers Free),
  // shows the progress, and writes the workbook itself.
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/export`);
  const day = new Date().toISOString().slice(0, 10);
  assert.ok(await page.getByLabel('Excel workbook (.xlsx)').isChecked(), 'the workbook is the first choice');
  const [book] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(book.suggestedFilename(), `${SLUG}-signatures-confirmed-${day}.xlsx`);
  const status = page.locator('[data-export-status]');
  await page.waitForFunction(() => document.querySelector('[data-export-status]')?.textContent?.startsWith('Done'));
  const done = Number((await status.innerText()).match(/\(signatures: ([\d,]+)\)/)[1].replace(/,/g, ''));
  const bar = await page.locator('[data-export-progress] progress').evaluate((p) => [p.value, p.max]);
  assert.deepEqual(bar, [done, done], 'the progress bar is full');
  const files = unzipSync(readFileSync(await book.path()));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  assert.equal(sheet.match(/<row /g).length, 1 + done, 'a row per signature the page counted');
  assert.ok(!/<f[ >]/.test(sheet) && sheet.includes('state="frozen"') && sheet.includes(`<autoFilter ref="A1:O${1 + done}"/>`));
  assert.deepEqual(await violations(page), [], 'axe on the export page with its progress shown');
  await page.screenshot({ path: shot('export-done.png'), fullPage: false });

  // The semicolon CSV for Russian or German Excel, all signatures: a BOM, `;` between cells.
  await page.getByLabel('All signatures (also pending, withdrawn and spam)').check();
  await page.getByLabel('CSV for Excel (semicolon — Russian, German, French… Excel)').check();
  const [semi] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(semi.suggestedFilename(), `${SLUG}-signatures-all-excel-semicolon-${day}.csv`);
  const csv = readFileSync(await semi.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF"id";"status";"signed at"'), 'BOM and semicolons');
  assert.ok(csv.split('\r\n').length - 2 >= done, 'all signatures are at least the confirmed ones');

  await checkPages(page, SLUG, DESKTOP, 'desktop');
  await page.setViewportSize(PHONE);
  await checkPages(page, SLUG, PHONE, 'phone');
  await context.close();
});
