// Browser test of the embeds, in Debian's Chromium: a host page on another origin shows two
// widgets (two campaigns, one with the inline form) and an iframe; we sign and confirm
// elsewhere and watch the widgets catch up within their polling interval, with nothing
// logged to the host page's console. Screenshots: see shot() in support.mjs.
//
//   npm run test:browser:widget        (WIDGET_TEST_PORT / WIDGET_TEST_INSPECTOR to move ports)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, startApp } from './server.mjs';
import { hostPage, screenshotDir, serveHost, shot, signAndConfirm } from './support.mjs';

const PORT = Number(process.env.WIDGET_TEST_PORT ?? 8792);
const INSPECTOR = Number(process.env.WIDGET_TEST_INSPECTOR ?? 9292);
const WORKER = `http://127.0.0.1:${PORT}`;
const DEMO = 'zhanaozen-solidarity';
const SECOND = 'widget-test-second';

const tmp = mkdtempSync(join(tmpdir(), 'solidarity-widget-'));
const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
let failed = false;

try {
  // A second campaign, so the page shows two campaigns side by side.
  const demo = JSON.parse(readFileSync(`campaigns/${DEMO}.json`, 'utf8'));
  const second = { ...demo, slug: SECOND, title: 'Solidarity with the dockers', goal: 3, milestones: [10] };
  writeFileSync(join(tmp, 'second.json'), JSON.stringify(second));

  const app = await startApp({ port: PORT, inspectorPort: INSPECTOR, files: [`campaigns/${DEMO}.json`, join(tmp, 'second.json')] });
  cleanups.unshift(app.stop);
  // Static files are served before the Worker runs: their headers come from public/_headers.
  for (const path of ['/app.css', '/campaign.js', '/embed.css', '/embed.js', '/widget.js', '/widget-form.js']) {
    const res = await fetch(`${WORKER}${path}`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", path);
    assert.equal(res.headers.get('cross-origin-resource-policy'), path.startsWith('/widget') ? 'cross-origin' : 'same-origin', path);
  }
  const host = await serveHost(hostPage(WORKER, DEMO, SECOND));
  cleanups.unshift(host.close);
  assert.notEqual(new URL(host.url).origin, new URL(WORKER).origin, 'the host page must be another origin');

  const browser = await launchBrowser();
  cleanups.unshift(() => browser.close());

  const hostContext = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await hostContext.newPage();
  const logged = [];
  page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
  await page.goto(host.url);

  const scriptWidget = page.locator('#from-script + div .n');
  const fullWidget = page.locator('#placeholder .n');
  await scriptWidget.waitFor();
  await fullWidget.waitFor();
  // Playwright pierces open shadow roots; the text is what a reader sees.
  assert.equal(await scriptWidget.textContent(), '0 signatures · goal 1,000');
  assert.equal(await fullWidget.textContent(), '0 signatures · goal 3');
  assert.equal(await page.locator('#placeholder .t').textContent(), 'Solidarity with the dockers');
  assert.equal(await page.locator('#from-script + div').evaluate((el) => el.shadowRoot?.mode), 'open');
  // Its link says where the visitor came from: the host page's name (no data-source on it).
  assert.equal(await page.locator('#from-script + div a.s').getAttribute('href'), `${WORKER}/c/${DEMO}?source=${new URL(host.url).hostname}`);
  // The full widget: one Sign button (its form's), and no country guessed from the browser's language.
  await page.locator('#placeholder form').waitFor();
  assert.equal(await page.locator('#placeholder a.s').count(), 0);
  assert.equal(await page.locator('#placeholder button').count(), 1);
  assert.equal(await page.locator('#placeholder select[name=country]').inputValue(), '');
  // The host page's styles stop at the shadow root: the widget keeps its own font.
  assert.match(await page.locator('#placeholder .w').evaluate((el) => getComputedStyle(el).fontFamily), /system-ui/);

  // A placeholder added after load (a single-page app) is mounted; a host's data-country chooses
  // nothing for the supporter (the option is gone: the page presets no country either).
  await page.evaluate((slug) => {
    const div = Object.assign(document.createElement('div'), { id: 'late' });
    Object.assign(div.dataset, { solidarityCampaign: slug, variant: 'full', country: 'KZ' });
    document.body.append(div);
  }, SECOND);
  await page.locator('#late form').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#late select[name=country]').inputValue(), '');
  const shown = await page.evaluate(() => [...document.querySelectorAll('[data-solidarity-campaign], #from-script + div')].map((el) => el.shadowRoot?.textContent ?? '').join(' '));
  assert.doesNotMatch(shown, /undefined|null|NaN/);

  // The count variant names its campaign too.
  assert.equal(await page.locator('#from-script + div .t').textContent(), demo.title);

  // The signing form: countries named and sorted in the visitor's language, the target a
  // required choice with nothing chosen and "No embassy" offered, as on the campaign page.
  const form = page.locator('#placeholder form');
  const countries = await form.locator('select[name=country] option').evaluateAll((os) => os.map((o) => o.textContent));
  assert.equal(countries[0], 'Choose…');
  assert.deepEqual(countries.slice(1, 4), ['Afghanistan', 'Åland Islands', 'Albania']);
  assert.deepEqual(countries.slice(1), [...countries.slice(1)].sort(new Intl.Collator('en').compare));
  const target = form.locator('select[name=target]');
  assert.equal(await target.inputValue(), '');
  assert.deepEqual(await target.locator('option').evaluateAll((os) => os.slice(0, 3).map((o) => [o.value, o.textContent])), [
    ['', 'Choose…'], ['none', 'No embassy — only the campaign'], ['at-vienna', 'Embassy of Kazakhstan in Vienna, Austria'],
  ]);
  assert.equal(await target.locator('optgroup').first().getAttribute('label'), 'Austria');
  assert.match(await form.locator('#w-target-r').textContent(), /^The embassy you choose receives/);
  // No box to tick here: they are ticked (or not) on the page behind the link.
  assert.equal(await form.locator('input[type=checkbox]').count(), 1);

  // Sent empty: every field refused at once, each marked and described, with a summary.
  await form.locator('button[type=submit]').click();
  await form.locator('.sum li').first().waitFor({ timeout: 10_000 });
  assert.equal(await form.locator('.sum p').textContent(), 'Please correct the following:');
  assert.equal(await form.locator('.sum li').count(), 6);
  for (const name of ['name', 'email', 'country', 'city', 'target', 'consent']) {
    const field = form.locator(`#w-${name}`);
    assert.equal(await field.getAttribute('aria-invalid'), 'true', name);
    const described = (await field.getAttribute('aria-describedby')).split(' ');
    assert.ok(described.includes(`w-${name}-e`), name);
    assert.ok((await form.locator(`#w-${name}-e`).textContent()).length > 0, name);
  }
  assert.equal(await form.locator('#w-target').getAttribute('aria-describedby'), 'w-target-e w-target-r');
  assert.equal(await form.locator('#w-message').getAttribute('aria-invalid'), null);
  // A summary link takes the supporter to its field.
  await form.locator('.sum a[href="#w-city"]').click();
  assert.equal(await page.evaluate(() => document.querySelector('#placeholder').shadowRoot.activeElement?.id), 'w-city');
  await page.locator('#placeholder').screenshot({ path: shot('widget-full-errors.png') });

  // The message: characters left, and past the limit a message on the field, the text never cut.
  const message = form.locator('#w-message');
  assert.equal(await form.locator('#w-message-c').textContent(), 'Characters left: 2,000');
  await message.fill('x'.repeat(1995));
  assert.equal(await form.locator('#w-message-c').textContent(), 'Characters left: 5');
  await message.fill('x'.repeat(2005));
  assert.equal(await form.locator('#w-message-c').textContent(), 'Characters over the limit: 5');
  assert.equal((await message.inputValue()).length, 2005);
  assert.equal(await message.getAttribute('aria-invalid'), 'true');
  assert.equal(await message.getAttribute('aria-describedby'), 'w-message-e w-message-c');
  assert.equal(await form.locator('#w-message-e').textContent(), 'Message must be at most 2,000 characters');
  await message.fill('Solidarity from the docks!');
  assert.equal(await message.getAttribute('aria-invalid'), null);

  // Filled in, it signs across origins (JSON with a preflight) and asks for confirmation.
  await form.locator('#w-name').fill('Mira Host');
  await form.locator('#w-email').fill('mira@example.org');
  await form.locator('#w-country').selectOption('GB');
  await form.locator('#w-city').fill('Liverpool');
  await target.selectOption('none');
  await form.locator('#w-consent').check();
  await form.locator('button[type=submit]').click();
  await page.locator('#placeholder .m', { hasText: 'Check your inbox' }).waitFor({ timeout: 10_000 });

  // The iframe told the host its height, and the widget script sized it.
  await page.waitForFunction(() => /^\d+px$/.test(document.querySelector('iframe')?.style.height ?? ''), null, { timeout: 10_000 });
  const frame = page.frameLocator('iframe');
  assert.equal(await frame.locator('[data-count]').textContent(), '0');
  assert.equal(await frame.locator('a.sign').getAttribute('target'), '_top');

  // A visitor keeps the campaign page open, to see it go live.
  const visitorContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const visitor = await visitorContext.newPage();
  const visitorLogged = [];
  visitor.on('console', (m) => visitorLogged.push(`${m.type()}: ${m.text()} @ ${m.location().url}`));
  visitor.on('pageerror', (e) => visitorLogged.push(`pageerror: ${e.message}`));
  // The embed code is off the supporter's path, on a page of its own, with outlined copy buttons.
  await visitor.goto(`${WORKER}/c/${DEMO}/embed-code`);
  assert.equal(await visitor.locator('.embed-code button.copy').count(), 4);
  assert.equal(
    await visitor.locator('#embed-script').inputValue(),
    `<script async id="solidarity-widget" src="${WORKER}/widget.js" data-campaign="${DEMO}"></script>`,
  );
  // Each snippet has a live preview beside it.
  await visitor.locator('.embed-code .preview [data-solidarity-campaign]:not([data-variant]) .n', { hasText: '0 signatures · goal 1,000' }).waitFor();
  assert.equal(await visitor.frameLocator('.embed-code .preview iframe').locator('[data-count]').textContent(), '0');
  // The signing form's snippet, with its live rendering.
  assert.equal(
    await visitor.locator('#embed-form').inputValue(),
    `<div data-solidarity-campaign="${DEMO}" data-variant="full"></div>\n<script async src="${WORKER}/widget.js"></script>`,
  );
  await visitor.locator('.embed-code .preview [data-variant=full] form select[name=target]').waitFor({ timeout: 10_000 });
  await visitor.screenshot({ path: shot('embed-code.png'), fullPage: true });
  await visitor.goto(`${WORKER}/c/${DEMO}?interval=2`);
  assert.equal(await visitor.locator('[data-count-for] [data-count]').textContent(), '0');

  // Someone else signs on the campaign page and confirms; the supporter above confirms too.
  const other = await browser.newContext();
  const signer = await other.newPage();
  await signAndConfirm(signer, WORKER, DEMO, { name: 'Ana Page', email: 'ana-page@example.org', city: 'Paris', message: 'From Paris: hold on!' });
  await signAndConfirm(signer, WORKER, SECOND, { email: 'mira@example.org' });
  await other.close();

  // Polling every 2 s, behind a 5 s edge cache: both widgets catch up well within 15 s.
  const started = Date.now();
  await page.waitForFunction(() => {
    const text = (sel) => document.querySelector(sel)?.shadowRoot?.querySelector('.n')?.textContent;
    return text('#from-script + div') === '1 signature · goal 1,000' && text('#placeholder') === '1 signature · goal 3';
  }, null, { timeout: 15_000, polling: 250 });
  await frame.locator('[data-count]', { hasText: /^1$/ }).waitFor({ timeout: 15_000 });
  console.log(`widgets updated ${Date.now() - started} ms after the confirmations`);
  assert.equal(await page.locator('#from-script + div .b').getAttribute('aria-valuenow'), '1');

  // The open campaign page caught up too: count and wall, without a reload.
  await visitor.locator('[data-count-for] [data-count]', { hasText: /^1$/ }).waitFor({ timeout: 15_000 });
  await visitor.locator('[data-wall] blockquote', { hasText: 'From Paris: hold on!' }).waitFor({ timeout: 15_000 });
  assert.equal(await visitor.locator('[data-wall] .from').first().textContent(), '— Ana Page, Paris, France');
  // Nothing is logged, not even a missing favicon.
  assert.deepEqual(visitorLogged, [], `the campaign page and its scripts must log nothing: ${visitorLogged.join('; ')}`);
  await visitorContext.close();
  await page.screenshot({ path: shot('widget-host.png'), fullPage: true });
  await page.locator('#placeholder').screenshot({ path: shot('widget-full.png') });

  // Chromium itself notes each refused request (the 422 of the empty form, which the form then
  // shows field by field); nothing else may be logged.
  const refusal = /^error: Failed to load resource: the server responded with a status of 422/;
  assert.deepEqual(logged.filter((l) => !refusal.test(l)), [], `the host page console must stay silent: ${logged.join('; ')}`);

  // Where a loader runs the script without document.currentScript, it finds its tag by id.
  const loaded = await serveHost(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Loader</title></head><body>
<script id="solidarity-widget" type="text/plain" src="${WORKER}/widget.js" data-campaign="${DEMO}"></script></body></html>`);
  cleanups.unshift(loaded.close);
  const loader = await hostContext.newPage();
  await loader.goto(loaded.url);
  await loader.addScriptTag({ content: await (await fetch(`${WORKER}/widget.js`)).text() });
  await loader.locator('#solidarity-widget + div .n', { hasText: /signature/ }).waitFor({ timeout: 10_000 });

  // A host page under a strict CSP: scripts, requests and styles only from the Worker's origin,
  // nothing inline, no eval. Both variants draw, style themselves and sign, with no violation.
  const policy = `default-src 'none'; script-src ${WORKER}; connect-src ${WORKER}; style-src ${WORKER}; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const strict = await serveHost(`<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Профсоюз</title></head><body>
<h1>Профсоюз докеров</h1>
<script async id="solidarity-widget" src="${WORKER}/widget.js" data-campaign="${DEMO}" data-lang="ru"></script>
<div id="strict-form" data-solidarity-campaign="${SECOND}" data-variant="full" data-lang="ru"></div>
</body></html>`, { 'content-security-policy': policy });
  cleanups.unshift(strict.close);
  const strictPage = await hostContext.newPage();
  const strictLogged = [];
  strictPage.on('console', (m) => strictLogged.push(`${m.type()}: ${m.text()}`));
  strictPage.on('pageerror', (e) => strictLogged.push(`pageerror: ${e.message}`));
  await strictPage.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const strictResponse = await strictPage.goto(strict.url);
  assert.equal(strictResponse.headers()['content-security-policy'], policy);
  await strictPage.locator('#solidarity-widget + div .n', { hasText: /подпис/ }).waitFor({ timeout: 10_000 });
  assert.equal(await strictPage.locator('#solidarity-widget + div .t').textContent(), JSON.parse(readFileSync(`campaigns/${DEMO}.json`, 'utf8')).translations.ru.title);
  // Its own styles apply (a constructed sheet in its shadow root), the bar drawn through the CSSOM.
  assert.match(await strictPage.locator('#solidarity-widget + div .w').evaluate((el) => getComputedStyle(el).fontFamily), /system-ui/);
  assert.notEqual(await strictPage.locator('#solidarity-widget + div .b i').evaluate((el) => getComputedStyle(el).width), '0px');
  const strictForm = strictPage.locator('#strict-form form');
  await strictForm.locator('select[name=target]').waitFor({ timeout: 10_000 });
  const ruCountries = await strictForm.locator('select[name=country] option').evaluateAll((os) => os.slice(1).map((o) => o.textContent));
  assert.deepEqual(ruCountries.slice(0, 2), ['Австралия', 'Австрия']);
  assert.deepEqual(ruCountries, [...ruCountries].sort(new Intl.Collator('ru').compare));
  assert.equal(await strictForm.locator('select[name=target]').inputValue(), '');
  await strictForm.locator('button[type=submit]').click();
  await strictForm.locator('.sum li').first().waitFor({ timeout: 10_000 });
  assert.equal(await strictForm.locator('[aria-invalid=true]').count(), 6);
  // The form's own sheet applies too: a refused field gets its red border.
  assert.equal(await strictForm.locator('#w-name').evaluate((el) => getComputedStyle(el).borderTopColor), 'rgb(164, 0, 15)');
  await strictPage.locator('#strict-form').screenshot({ path: shot('widget-strict-csp.png') });
  await strictForm.locator('#w-name').fill('Ольга Строгая');
  await strictForm.locator('#w-email').fill('olga-strict@example.org');
  await strictForm.locator('#w-country').selectOption('DE');
  await strictForm.locator('#w-city').fill('Берлин');
  await strictForm.locator('#w-message').fill('Солидарность из Берлина!');
  await strictForm.locator('#w-target').selectOption('de-berlin');
  await strictForm.locator('#w-consent').check();
  await strictForm.locator('button[type=submit]').click();
  await strictPage.locator('#strict-form .m', { hasText: 'Проверьте почту' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await strictPage.evaluate(() => window.violations), []);
  assert.deepEqual(strictLogged.filter((l) => !refusal.test(l)), [], `the strict host page must log nothing: ${strictLogged.join('; ')}`);

  // Olga confirms from her mail on a phone: her thank-you page names the Berlin picket in Russian.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const olga = await phone.newPage();
  await signAndConfirm(olga, WORKER, SECOND, { email: 'olga-strict@example.org' });
  await olga.locator('.next-picket').waitFor();
  assert.equal(await olga.locator('.next-picket h2').textContent(), 'Дальше: пикет рядом с вами');
  assert.equal(await olga.locator('.next-picket strong').textContent(), 'Посольство Казахстана в Берлине, Германия');
  assert.match(await olga.locator('.next-picket [data-picket-when]').textContent(), /^16 июня 12:00/);
  assert.match(await olga.locator('.next-picket a.button').getAttribute('href'), /\/pickets\/de-berlin-0616\?lang=ru#rsvp$/);
  assert.match(await olga.locator('[data-one-of]').textContent(), /^Вы — один из 2 сторонник/);
  assert.ok(await olga.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the thank-you page fits the phone');
  await olga.screenshot({ path: shot('thanks-picket-ru-phone.png'), fullPage: true });
  await olga.locator('.next-picket a.button').click();
  await olga.locator('#rsvp').waitFor();
  await phone.close();

  console.log(`ok: widgets, iframe and inline form work on a foreign origin; screenshots in ${screenshotDir()}`);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (err) {
      console.error('cleanup:', err);
    }
  }
}
process.exit(failed ? 1 : 0);
