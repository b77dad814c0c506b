// Browser test (issue 27.1, 27.6): every supporter page fits a 320 px and a 390 px phone and a
// 1280 px desktop in every language the switcher offers — no sideways scrolling — with long
// real-world values on them: a 60-character name, "Llanfairpwllgwyngyll", a 2,000-character
// message with a long unbroken URL, Arabic and Hebrew names. On the confirm page the main
// button is in the first screen (390×844 and 320×568). Right-to-left names and messages are
// shown in their own direction (dir="auto"; one screenshot of the wall shows it).
// One browser, one tab per width; each page is loaded once and measured at every width.
//
//   node --test test/browser/fit.test.mjs      (FIT_TEST_PORT / FIT_TEST_INSPECTOR to move ports)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { inFirstScreen, mailedLinks, SLUG } from './page-support.mjs';
import { launchBrowser, startApp } from './server.mjs';
import { serveHost, shot } from './support.mjs';
import { ARABIC, CITY, HEBREW, LONG_NAME, longMessage, PICKET, seedSql, WIDTHS, overflowing } from './fit-support.mjs';

const SECRET = 'browser-test-secret';
let app;
let browser;
let page;
let langs = [];
const failures = [];

before(async () => {
  app = await startApp({
    port: Number(process.env.FIT_TEST_PORT ?? 8841),
    inspectorPort: Number(process.env.FIT_TEST_INSPECTOR ?? 9341),
    seedSql: seedSql(SLUG),
    vars: { IP_HASH_SECRET: SECRET },
  });
  browser = await launchBrowser();
  // Reduced motion: no smooth scrolling, so what a focus scrolls into view is there at once.
  page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' })).newPage();
  // Whatever languages the switcher offers (a new catalogue joins this test by itself).
  const html = await (await fetch(`${app.url}/c/${SLUG}`)).text();
  langs = [...new Set([...html.matchAll(/<nav class="languages".*?<\/nav>/gs)].flatMap(([nav]) => [...nav.matchAll(/ lang="([a-z]{2,3})"/g)].map((m) => m[1])))];
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** Measures the page now shown at every width; records what sticks out. */
async function measure(name, lang) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 320 ? 568 : 844 });
    const result = await page.evaluate(overflowing);
    if (result.scrollWidth > result.innerWidth) failures.push(`${name} (${lang}, ${width} px): ${result.scrollWidth} px wide; ${result.wide.join(', ')}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

/** Loads `path` (with `?lang=`) and measures it. */
async function visit(name, path, lang, status = 200) {
  const url = `${app.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
  const answer = await page.goto(url);
  assert.equal(answer.status(), status, `${name} (${lang}): ${url}`);
  await measure(name, lang);
}

/** The first link of `pattern` mailed to `email` (the dev mailbox), waiting for the outbox. */
async function mailed(email, pattern) {
  for (let i = 0; i < 60; i++) {
    const mails = await (await fetch(`${app.url}/dev/mailbox.json`)).json();
    const link = mails.filter((m) => m.to.includes(email)).map((m) => m.text.match(pattern)?.[0]).find(Boolean);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no mail to ${email} matching ${pattern}`);
}

test('the languages are found on the page', () => {
  assert.ok(langs.includes('en') && langs.includes('ru') && langs.includes('kk'), `languages: ${langs}`);
});

test('every supporter page fits 320, 390 and 1280 px in every language, with long values', async () => {
  // One signature with long values, through the form, in English; its pages are then seen in each language.
  const email = 'fit-long@example.org';
  await page.goto(`${app.url}/c/${SLUG}`);
  await page.fill('#name', LONG_NAME);
  await page.fill('#email', email);
  await page.selectOption('#country', 'GB');
  await page.fill('#city', CITY);
  await page.fill('#message', longMessage(2000));
  await page.selectOption('#target', { index: 2 });
  await page.check('#public');
  await page.check('#updates');
  await page.check('#consent');
  await Promise.all([page.waitForURL(/\/signed/), page.click('form.sign-form button[type=submit]')]);
  const link = (await mailedLinks(app.url, email))[0] ?? (await mailed(email, /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/));
  const token = link.split('/s/')[1];

  for (const lang of langs) {
    await visit('home', '/', lang);
    await visit('campaign', `/c/${SLUG}`, lang);
    await visit('privacy', `/c/${SLUG}/privacy`, lang);
    await visit('check-inbox', `/c/${SLUG}/signed`, lang);
    await visit('confirm', `/s/${token}`, lang);
    await page.screenshot({ path: shot(`fit-confirm-${lang}-390.png`) });
    // The button that confirms is in the first screen of a tall phone and of a small one.
    for (const viewport of [{ width: 390, height: 844 }, { width: 320, height: 568 }]) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => window.scrollTo(0, 0));
      if (!(await inFirstScreen(page, 'form.confirm-form button[type=submit]', viewport))) failures.push(`confirm (${lang}, ${viewport.width}×${viewport.height}): the button is below the first screen`);
    }
    await page.screenshot({ path: shot(`fit-confirm-${lang}-320.png`) });
    // The button, kept in sight at the bottom, never covers the field that has focus.
    for (const field of ['#message', '#target', '#public', '#updates']) {
      await page.focus(field);
      const [focused, bar] = await page.evaluate((sel) => [document.querySelector(sel), document.querySelector('.sticky-submit')].map((el) => el.getBoundingClientRect().toJSON()), field);
      if (focused.bottom > bar.top + 1) failures.push(`confirm (${lang}, 320×568): ${field} focused under the button (${focused.bottom} > ${bar.top})`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await visit('withdraw', `/s/${token}/withdraw`, lang);
    await visit('not-me', `/s/${token}/not-me`, lang);
    await visit('not-me done', `/c/${SLUG}/not-me/done`, lang);
    await visit('ledger', `/c/${SLUG}/deliveries`, lang);
    await page.screenshot({ path: shot(`fit-ledger-${lang}-390.png`) });
    await visit('verify', `/c/${SLUG}/deliveries/verify`, lang);
    await visit('verify (bad receipt)', `/c/${SLUG}/deliveries/verify?receipt=${'x'.repeat(120)}`, lang);
    await visit('embed code', `/c/${SLUG}/embed-code`, lang);
    await visit('widget iframe', `/c/${SLUG}/embed`, lang);
    await visit('pickets embed', `/c/${SLUG}/embed/pickets`, lang);
    await visit('picket', `/c/${SLUG}/pickets/${PICKET}`, lang);
    await visit('unknown campaign', '/c/no-such-campaign-with-a-long-name', lang, 404);
  }

  // Sign errors, in each language: every field refused at once, the long values kept.
  for (const lang of langs) {
    await page.goto(`${app.url}/c/${SLUG}?lang=${lang}`);
    await Promise.all([page.waitForURL(/\/sign/), page.evaluate(({ name, city, message }) => {
      const form = document.querySelector('form.sign-form');
      form.elements.name.value = name;
      form.elements.email.value = 'not an address';
      form.elements.city.value = city;
      form.elements.message.value = message;
      form.submit();
    }, { name: `${LONG_NAME}${LONG_NAME}`, city: CITY.repeat(3), message: longMessage(5000) })]);
    await measure('sign errors', lang);
    await page.screenshot({ path: shot(`fit-sign-errors-${lang}-390.png`), fullPage: false });
    // The RSVP form's errors.
    await page.goto(`${app.url}/c/${SLUG}/pickets/${PICKET}?lang=${lang}`);
    await page.fill('#rsvp-name', LONG_NAME);
    await Promise.all([page.waitForURL(/\/rsvp/), page.evaluate(() => document.querySelector('form.rsvp-form').submit())]);
    await measure('rsvp errors', lang);
  }

  // The RSVP: its check-inbox page and the link's page.
  const rsvpEmail = 'fit-rsvp@example.org';
  await page.goto(`${app.url}/c/${SLUG}/pickets/${PICKET}`);
  await page.fill('#rsvp-name', ARABIC);
  await page.fill('#rsvp-email', rsvpEmail);
  await page.check('#rsvp-show');
  await page.check('#rsvp-consent');
  await Promise.all([page.waitForURL(/check-inbox/), page.click('form.rsvp-form button[type=submit]')]);
  const checkInbox = new URL(page.url()).pathname;
  const picketLink = await mailed(rsvpEmail, /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/);
  for (const lang of langs) {
    await visit('rsvp check-inbox', checkInbox, lang);
    await visit('rsvp link', new URL(picketLink).pathname, lang);
  }

  // Confirmed: the thank-you page with its receipt, then updates' unsubscribe page.
  await page.goto(`${app.url}/s/${token}`);
  await Promise.all([page.waitForURL(`**/s/${token}`), page.click('form.confirm-form button[type=submit]')]);
  const unsubscribe = execFileSync('npx', ['tsx', '-e', `import { unsubscribeToken } from './src/lib/unsubscribe-token.ts'; unsubscribeToken(${JSON.stringify(SECRET)}, 900001, 'fit-nonce-of-the-test-run').then((t) => console.log(t));`], { encoding: 'utf8' }).trim();
  for (const lang of langs) {
    await visit('thank-you', `/s/${token}`, lang);
    await visit('unsubscribe', `/u/${unsubscribe}`, lang);
  }
  await page.goto(`${app.url}/s/${token}?lang=ru`);
  await page.screenshot({ path: shot('fit-thanks-ru-390.png'), fullPage: true });

  assert.deepEqual(failures, []);
});

test('the widget on someone else’s page fits the host’s column in every language', async () => {
  const host = await serveHost(`<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title>
<style>body{margin:0;padding:0 8px;font:16px/1.5 Georgia,serif}</style></head><body>
${langs.map((l) => `<div data-solidarity-campaign="${SLUG}" data-lang="${l}" data-variant="full" data-interval="2"></div>
<div data-solidarity-campaign="${SLUG}" data-lang="${l}"></div>`).join('\n')}
<iframe src="${app.url}/c/${SLUG}/embed" title="Signatures" width="320" height="190" style="border:0;max-width:100%"></iframe>
<script async src="${app.url}/widget.js"></script></body></html>`);
  try {
    const before = failures.length;
    await page.goto(host.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-solidarity-campaign]').length === n
      && [...document.querySelectorAll('[data-solidarity-campaign][data-variant=full]')].every((el) => el.shadowRoot?.querySelector('form')), langs.length * 2);
    await measure('widget host', 'all');
    await page.setViewportSize({ width: 320, height: 568 });
    await page.screenshot({ path: shot('fit-widget-host-320.png'), fullPage: true });
    assert.deepEqual(failures.slice(before), []);
  } finally {
    await host.close();
  }
});

test('right-to-left names and messages are shown in their own direction on the wall', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${app.url}/c/${SLUG}?lang=ru`);
  const wall = page.locator('.wall li', { hasText: HEBREW });
  await wall.first().scrollIntoViewIfNeeded();
  const dirs = await page.evaluate(() => [...document.querySelectorAll('.wall blockquote, .wall .from bdi')].map((el) => getComputedStyle(el).direction));
  assert.ok(dirs.includes('rtl') && dirs.includes('ltr'), `directions on the wall: ${[...new Set(dirs)]}`);
  // Isolated: in the "— name, city, country" line the Arabic name stays before (left of) its
  // Arabic city; without <bdi> the two would run together right to left, city first.
  const arabic = page.locator('.wall li', { hasText: ARABIC }).first();
  const [name, city] = await arabic.locator('.from bdi').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  assert.ok(name < city, `name at ${name}, city at ${city}`);
  await page.locator('.wall').screenshot({ path: shot('fit-wall-rtl-ru-390.png') });
});

test('the message counts down in the page’s language and a longer one is stopped before it is sent', async () => {
  await page.setViewportSize({ width: 320, height: 568 });
  await page.goto(`${app.url}/c/${SLUG}?lang=ru`);
  const count = page.locator('#message-count');
  assert.match(await count.textContent(), /^Осталось 2\s000 знаков$/);
  await page.fill('#message', 'x'.repeat(1998));
  assert.equal(await count.textContent(), 'Осталось 2 знака');
  await page.fill('#message', `  ${'x'.repeat(1999)}\n`); // counted as the server counts: ends trimmed
  assert.equal(await count.textContent(), 'Остался 1 знак');
  await page.fill('#message', 'x'.repeat(2005));
  assert.equal(await count.textContent(), 'На 5 знаков больше допустимого');
  assert.equal(await page.getAttribute('#message', 'aria-invalid'), 'true');
  assert.equal(await count.evaluate((el) => getComputedStyle(el).color), 'rgb(164, 0, 15)');
  await page.locator('#message').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('fit-counter-over-ru-320.png') });
  // The live region says it once typing pauses.
  await page.waitForFunction(() => document.querySelector('#message-live')?.textContent === 'На 5 знаков больше допустимого');
  // Sign is pressed: nothing is sent, the field is focused.
  await page.fill('#name', 'Ана');
  await page.fill('#email', 'counter@example.org');
  await page.selectOption('#country', 'FR');
  await page.fill('#city', 'Париж');
  await page.selectOption('#target', 'none');
  await page.check('#consent');
  await page.click('form.sign-form button[type=submit]');
  await page.waitForFunction(() => document.activeElement?.id === 'message');
  assert.match(page.url(), /\/c\/zhanaozen-solidarity\?lang=ru$/);
  // Back within the limit, the error goes and the form is sent.
  await page.fill('#message', 'x'.repeat(2000));
  assert.equal(await count.textContent(), 'Осталось 0 знаков');
  assert.equal(await page.getAttribute('#message', 'aria-invalid'), null);
  await Promise.all([page.waitForURL(/\/signed/), page.click('form.sign-form button[type=submit]')]);
});
