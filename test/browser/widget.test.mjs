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

  // A placeholder added after load (a single-page app) is mounted, with the country the host sets.
  await page.evaluate((slug) => {
    const div = Object.assign(document.createElement('div'), { id: 'late' });
    Object.assign(div.dataset, { solidarityCampaign: slug, variant: 'full', country: 'KZ' });
    document.body.append(div);
  }, SECOND);
  await page.locator('#late form').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#late select[name=country]').inputValue(), 'KZ');
  const shown = await page.evaluate(() => [...document.querySelectorAll('[data-solidarity-campaign], #from-script + div')].map((el) => el.shadowRoot?.textContent ?? '').join(' '));
  assert.doesNotMatch(shown, /undefined|null|NaN/);

  // The inline form signs across origins (JSON with a preflight) and asks for confirmation.
  await page.locator('#placeholder input[name=name]').fill('Mira Host');
  await page.locator('#placeholder input[name=email]').fill('mira@example.org');
  await page.locator('#placeholder select[name=country]').selectOption('GB');
  await page.locator('#placeholder input[name=city]').fill('Liverpool');
  // No embassy is chosen for the supporter, and the form says so; the boxes are ticked on the
  // page behind the link (no cookie crosses origins, so none is ticked for them there).
  assert.equal(await page.locator('#placeholder p.m', { hasText: 'No embassy — only the campaign' }).count(), 1);
  assert.equal(await page.locator('#placeholder input[name=updates]').count(), 0);
  await page.locator('#placeholder input[name=consent]').check();
  await page.locator('#placeholder button[type=submit]').click();
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
  assert.equal(await visitor.locator('.embed-code button.copy').count(), 3);
  assert.equal(
    await visitor.locator('#embed-script').inputValue(),
    `<script async id="solidarity-widget" src="${WORKER}/widget.js" data-campaign="${DEMO}"></script>`,
  );
  // Each snippet has a live preview beside it.
  await visitor.locator('.embed-code .preview [data-solidarity-campaign] .n', { hasText: '0 signatures · goal 1,000' }).waitFor();
  assert.equal(await visitor.frameLocator('.embed-code .preview iframe').locator('[data-count]').textContent(), '0');
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

  assert.deepEqual(logged, [], `the host page console must stay silent: ${logged.join('; ')}`);

  // Where a loader runs the script without document.currentScript, it finds its tag by id.
  const loaded = await serveHost(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Loader</title></head><body>
<script id="solidarity-widget" type="text/plain" src="${WORKER}/widget.js" data-campaign="${DEMO}"></script></body></html>`);
  cleanups.unshift(loaded.close);
  const loader = await hostContext.newPage();
  await loader.goto(loaded.url);
  await loader.addScriptTag({ content: await (await fetch(`${WORKER}/widget.js`)).text() });
  await loader.locator('#solidarity-widget + div .n', { hasText: /signature/ }).waitFor({ timeout: 10_000 });
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
