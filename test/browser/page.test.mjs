// Browser test of the supporter's pages, as a new supporter meets them: on a 390×844 phone and a
// 1280×800 desktop, in English, Russian and Kazakh, with and without JavaScript. The Sign
// control in the first screen, link previews that load, the check-inbox page, sharing, the
// two-step withdrawal, the embassy suggestion, the confirmation form on a phone, the iframe's height, the live wall, target
// sizes, and axe-core finding no WCAG A/AA violation on any page.
//
//   node --test test/browser/page.test.mjs      (PAGE_TEST_PORT / PAGE_TEST_INSPECTOR to move ports)
// Screenshots: see shot() in support.mjs (UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { confirmLink, count, DESKTOP, IFRAME_HEIGHT, inFirstScreen, LANGS, mailedLinks, PHONE, q, signOnPage, SLUG, violations, WALL_SEED } from './page-support.mjs';
import { shot, signAndConfirm } from './support.mjs';

const demo = JSON.parse(readFileSync(`campaigns/${SLUG}.json`, 'utf8'));

let app;
let browser;

before(async () => {
  app = await startApp({
    port: Number(process.env.PAGE_TEST_PORT ?? 8796),
    inspectorPort: Number(process.env.PAGE_TEST_INSPECTOR ?? 9296),
    seedSql: WALL_SEED,
    vars: { IP_HASH_SECRET: 'browser-test-secret' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('the Sign control, the count, the bar and "to go" are in the first screen, with and without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    for (const viewport of [PHONE, DESKTOP]) {
      const context = await browser.newContext({ viewport, javaScriptEnabled });
      const page = await context.newPage();
      for (const lang of LANGS) {
        await page.goto(`${app.url}/c/${SLUG}${q(lang)}`);
        const where = `${lang} ${viewport.width}×${viewport.height} js=${javaScriptEnabled}`;
        for (const sel of ['[data-count-for] [data-count]', '[data-count-for] progress', '[data-count-for] [data-to-go]']) {
          assert.ok(await inFirstScreen(page, sel, viewport), `${sel} in the first screen (${where})`);
        }
        if (viewport === PHONE) {
          assert.ok(await inFirstScreen(page, 'a.sign-now', viewport), `the Sign button in the first screen (${where})`);
          assert.equal(await page.locator('a.sign-now').getAttribute('href'), '#sign');
        } else {
          assert.ok(await inFirstScreen(page, '#sign', viewport), `the form's heading in the first screen (${where})`);
          assert.ok(await inFirstScreen(page, '#name', viewport), `the first field in the first screen (${where})`);
          const form = await page.locator('form.sign-form').boundingBox();
          const appeal = await page.locator('.appeal').boundingBox();
          assert.ok(form && appeal && form.x > appeal.x + appeal.width, `two columns (${where})`);
        }
        if (javaScriptEnabled) await page.screenshot({ path: shot(`campaign-${lang}-${viewport === PHONE ? 'phone' : 'desktop'}.png`) });
      }
      await context.close();
    }
  }
});

test('on a phone a sticky Sign button shows while the form is out of sight, and leads to it', async () => {
  const page = await browser.newPage({ viewport: PHONE });
  await page.goto(`${app.url}/c/${SLUG}`);
  const sticky = page.locator('[data-sticky-sign]');
  assert.equal(await sticky.isVisible(), false, 'hidden beside the first screen’s Sign button');
  await page.locator('.appeal p').nth(3).scrollIntoViewIfNeeded();
  await sticky.waitFor({ state: 'visible' });
  await page.screenshot({ path: shot(`campaign-sticky-sign.png`) });
  await sticky.locator('a').click();
  await page.waitForFunction(() => {
    const r = document.querySelector('#sign')?.getBoundingClientRect();
    return r && r.top >= 0 && r.top < innerHeight / 2;
  });
  await sticky.waitFor({ state: 'hidden' });
  await page.close();
});

test('link previews: every tag there, og:image a real PNG answering 200, favicon and manifest too', async () => {
  const page = await browser.newPage();
  for (const path of ['/', `/c/${SLUG}`, `/c/${SLUG}?lang=ru`, `/c/${SLUG}/privacy`]) {
    await page.goto(`${app.url}${path}`);
    const tags = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('meta[property], meta[name]')].map((m) => [m.getAttribute('property') ?? m.getAttribute('name'), m.content])),
    );
    for (const key of ['description', 'og:title', 'og:description', 'og:url', 'og:image', 'twitter:card']) assert.ok(tags[key], `${key} on ${path}`);
    assert.ok(await page.title(), `<title> on ${path}`);
    assert.match(tags['og:image'], /^http:\/\/127\.0\.0\.1:\d+\/.+\.png$/);
    const image = await page.request.get(tags['og:image']);
    assert.equal(image.status(), 200, tags['og:image']);
    assert.equal(image.headers()['content-type'], 'image/png');
    assert.deepEqual([...(await image.body()).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  }
  const favicon = await page.request.get(`${app.url}/favicon.ico`);
  assert.equal(favicon.status(), 200);
  const manifest = await page.request.get(`${app.url}/manifest.webmanifest`);
  assert.equal(manifest.status(), 200);
  for (const icon of JSON.parse(await manifest.text()).icons) assert.equal((await page.request.get(`${app.url}${icon.src}`)).status(), 200, icon.src);
  await page.close();
});

test('check your inbox names the address, says to look in spam, and sends the link again', async () => {
  const page = await browser.newPage({ viewport: PHONE });
  const email = 'inbox-check@example.org';
  await signOnPage(page, app.url, 'en', email);
  assert.equal(new URL(page.url()).search, '', 'the address is not in the URL');
  assert.equal(await page.locator('.address').textContent(), email);
  assert.match(await page.locator('main').textContent(), /spam/);
  assert.equal(await page.locator('a', { hasText: 'Sign again' }).getAttribute('href'), `/c/${SLUG}#sign`);
  await page.screenshot({ path: shot(`check-inbox.png`) });
  const first = await confirmLink(app.url, email);
  await Promise.all([page.waitForURL(/\/signed\?resent=1$/), page.click('button:has-text("Send the link again")')]);
  assert.match(await page.locator('[role=status]').textContent(), /Sent again/);
  // A second mail, carrying the same link (a signature has one link, derived, never replaced).
  let links = [];
  for (let i = 0; i < 60 && links.length < 2; i++) {
    await new Promise((r) => setTimeout(r, 300));
    links = await mailedLinks(app.url, email);
  }
  assert.deepEqual(links, [first, first], 'the link was mailed again');
  await page.close();
});

test('withdrawal takes two steps: a small link, then a page that explains and one button', async () => {
  const page = await browser.newPage({ viewport: PHONE });
  await signAndConfirm(page, app.url, SLUG, { name: 'Wanda Withdraw', email: 'wanda@example.org', city: 'Paris' });
  await page.locator('h1', { hasText: 'Thank you' }).waitFor();
  const thanks = page.url();
  await new Promise((r) => setTimeout(r, 5500)); // past the count's 5 s cache, which may predate the confirmation
  const before = await count(app.url);
  // The thank-you page leads with sharing; withdrawing is a link, not a button.
  assert.ok((await page.locator('.share-box').boundingBox()).y < (await page.locator('.withdraw-link').boundingBox()).y);
  assert.equal(await page.locator('form[action*="/withdraw"]').count(), 0);
  await page.screenshot({ path: shot(`thanks.png`) });
  await Promise.all([page.waitForURL(/\/withdraw$/), page.click('.withdraw-link a')]);
  assert.equal(await page.locator('h1').textContent(), 'Withdraw your signature?');
  // Opening that page (as a mail scanner following the link would) erased nothing.
  const check = await browser.newPage();
  await check.goto(thanks);
  assert.equal(await check.locator('h1').textContent(), 'Thank you — your signature is confirmed');
  await check.close();
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Withdraw my signature and erase my data")')]);
  assert.equal(await page.locator('h1').textContent(), 'Your signature is withdrawn');
  // The count endpoint is cached for 5 s: wait for it to drop by one.
  for (let i = 0; i < 40 && (await count(app.url)) !== before - 1; i++) await new Promise((r) => setTimeout(r, 300));
  assert.equal(await count(app.url), before - 1);
  await page.close();
});

test('choosing a country suggests its embassy, named in the page’s language, and never chooses it', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.url}/c/${SLUG}?lang=ru`);
  const suggest = page.locator('[data-suggest]');
  assert.equal(await suggest.isVisible(), false);
  await page.selectOption('#country', 'DE');
  assert.equal(await page.inputValue('#target'), '', 'nothing chosen for the supporter');
  assert.equal(await suggest.isVisible(), true);
  assert.equal(await suggest.locator('span').textContent(), 'Предложение для страны «Германия»: Посольство Казахстана в Берлине, Германия.');
  await page.selectOption('#country', 'BR'); // no embassy listed there
  assert.equal(await suggest.isVisible(), false);
  assert.equal(await page.inputValue('#target'), '');
  await page.selectOption('#country', 'DE');
  await suggest.locator('button').click();
  assert.equal(await page.inputValue('#target'), 'de-berlin', 'chosen by the supporter’s own click');
  assert.equal(await suggest.isVisible(), false);
  await page.selectOption('#target', 'none');
  await page.selectOption('#country', 'FR');
  assert.equal(await page.inputValue('#target'), 'none', 'a choice made by hand stays');
  await page.close();
});

test('the cached page carries the visitor’s ?source= or UTM parts into the form, also after switching language', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.url}/c/${SLUG}?utm_source=Newsletter&utm_medium=email&utm_campaign=june`);
  assert.equal(await page.inputValue('input[name=source]'), 'newsletter/email/june');
  await page.goto(`${app.url}/c/${SLUG}?source=share-whatsapp`);
  assert.equal(await page.inputValue('input[name=source]'), 'share-whatsapp');
  // The language switcher's link has no source: the tab remembers it.
  await page.getByRole('link', { name: 'Русский' }).click();
  await page.waitForURL(/lang=ru/);
  assert.equal(await page.inputValue('input[name=source]'), 'share-whatsapp');
  await page.close();
});

test('the iframe snippet’s height fits the embed in every language', async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 600 } });
  for (const lang of LANGS) {
    await page.goto(`${app.url}/c/${SLUG}/embed${q(lang)}`);
    const height = await page.evaluate(() => Math.ceil(document.querySelector('a.sign').getBoundingClientRect().bottom + parseFloat(getComputedStyle(document.body).paddingBottom)));
    assert.ok(height <= IFRAME_HEIGHT, `${lang}: ${height} px of content in a ${IFRAME_HEIGHT} px frame`);
  }
  await page.close();
});

test('the wall’s live refresh keeps the number of messages the page showed', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.url}/c/${SLUG}?interval=2`);
  assert.equal(await page.locator('[data-wall] li').count(), 20);
  const answer = await page.waitForResponse((r) => r.url().includes(`/api/campaigns/${SLUG}/messages`) && r.status() === 200);
  assert.equal((await answer.json()).messages.length, 20);
  await page.waitForTimeout(500);
  assert.equal(await page.locator('[data-wall] li').count(), 20);
  await page.close();
});

test('links and checkboxes are at least 24×24 px on a phone', async () => {
  const page = await browser.newPage({ viewport: PHONE });
  for (const path of [`/c/${SLUG}`, `/c/${SLUG}?lang=kk`, `/c/${SLUG}/embed-code`, `/c/${SLUG}/signed`, `/c/${SLUG}/privacy`, '/']) {
    await page.goto(`${app.url}${path}`);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('a, input[type=checkbox]')]
        .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.hp'))
        .map((el) => ({ el: el.outerHTML.slice(0, 80), ...el.getBoundingClientRect().toJSON() }))
        .filter((r) => r.width < 24 || r.height < 24),
    );
    assert.deepEqual(small, [], path);
  }
  await page.close();
});

test('the confirmation form fits a phone and a desktop in every language, its button within reach', async () => {
  const page = await browser.newPage();
  const email = 'confirm-fit@example.org';
  await signOnPage(page, app.url, 'en', email);
  const link = new URL(await confirmLink(app.url, email)).pathname;
  for (const lang of LANGS) {
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await page.goto(`${app.url}${link}?lang=${lang}`);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= viewport.width, `${lang} ${viewport.width}: no horizontal scroll`);
      const button = page.locator('form.confirm-form button.submit');
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height && box.height >= 24, `${lang} ${viewport.width}: ${JSON.stringify(box)}`);
      // Nothing lies over it: the point at its centre is the button itself.
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.className, [box.x + box.width / 2, box.y + box.height / 2]);
      assert.equal(hit, 'submit', `${lang} ${viewport.width}`);
      await page.screenshot({ path: shot(`confirm-${lang}-${viewport.width}.png`), fullPage: true });
    }
  }
  await page.close();
});

test('axe-core finds no WCAG A/AA violation on any supporter page, in every language and size', async () => {
  const context = await browser.newContext({ bypassCSP: true }); // only so that axe itself can be injected
  const page = await context.newPage();
  const email = 'axe-check@example.org';
  await signOnPage(page, app.url, 'en', email);
  const signed = `/c/${SLUG}/signed`;
  const link = new URL(await confirmLink(app.url, email)).pathname;
  const found = [];
  async function check(path, lang, viewport) {
    await page.setViewportSize(viewport);
    if (path) await page.goto(`${app.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
    const v = await violations(page);
    if (v.length) found.push({ path: path ?? page.url(), lang, width: viewport.width, v });
  }
  for (const lang of LANGS) {
    for (const viewport of [PHONE, DESKTOP]) {
      for (const path of ['/', `/c/${SLUG}`, `/c/${SLUG}/privacy`, `/c/${SLUG}/embed-code`, signed, `/c/${SLUG}/embed`, '/no-such-page', link]) {
        await check(path, lang, viewport);
      }
    }
    // The form sent back with errors (one post per language: signing is rate-limited per IP).
    await page.goto(`${app.url}/c/${SLUG}?lang=${lang}`);
    await Promise.all([page.waitForURL(/\/sign/), page.click('form.sign-form button[type=submit]')]);
    for (const viewport of [PHONE, DESKTOP]) await check(null, lang, viewport);
  }
  // After confirming: thanks, the withdrawal page, withdrawn.
  await page.goto(`${app.url}${link}`);
  // Submitted as the button would (requestSubmit): this test is about what axe finds, not about pointer actionability.
  await Promise.all([page.waitForNavigation(), page.locator('form[action*="/confirm"]').evaluate((f) => f.requestSubmit())]);
  for (const lang of LANGS) for (const viewport of [PHONE, DESKTOP]) for (const path of [link, `${link}/withdraw`]) await check(path, lang, viewport);
  await page.goto(`${app.url}${link}/withdraw`);
  await Promise.all([page.waitForNavigation(), page.click('form[action*="/withdraw"] button')]);
  for (const lang of LANGS) await check(link, lang, PHONE);
  assert.deepEqual(found, []);
  // The check can fail: an image without a text alternative is found.
  await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/og-default.png">'));
  assert.deepEqual((await violations(page)).map((v) => v.id), ['image-alt']);
  await context.close();
});

test('the demo campaign names every embassy, and has its texts, in every language', () => {
  for (const lang of LANGS.filter((l) => l !== 'en')) {
    for (const t of demo.targets) assert.ok(t.names?.[lang], `${t.id} in ${lang}`);
    for (const field of ['title', 'summary', 'body', 'demands']) assert.ok(demo.translations[lang]?.[field], `${field} in ${lang}`);
  }
});
