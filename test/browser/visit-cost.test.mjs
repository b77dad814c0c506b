// What a visit costs in Worker requests (Workers Free: 100,000 a day for the whole account).
// With Playwright's fake clock, a visitor keeps the campaign page (or a page with the widget)
// open for two minutes, then much longer, without signing. A Worker response carries
// X-Request-Id; a static file from public/ is served before the Worker runs and has none.
//
//   node --test test/browser/visit-cost.test.mjs   (VISIT_TEST_PORT / VISIT_TEST_INSPECTOR to move ports)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { serveHost } from './support.mjs';
import { visit } from './visit-support.mjs';

const SLUG = 'zhanaozen-solidarity';
let app;
let browser;

before(async () => {
  app = await startApp({ port: Number(process.env.VISIT_TEST_PORT ?? 8791), inspectorPort: Number(process.env.VISIT_TEST_INSPECTOR ?? 9291) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

const count = `/api/campaigns/${SLUG}/count?lang=en`;
const wall = `/api/campaigns/${SLUG}/messages`;

test('a two-minute visit to the campaign page costs 5 Worker requests, and every script, style and image is a static file', async () => {
  const v = await visit(browser, `${app.url}/c/${SLUG}`);
  try {
    await v.advance(120_000);
    assert.deepEqual(v.worker(), [`/c/${SLUG}`, count, count, wall, count]);
    const assets = v.assets();
    assert.ok(assets.some((a) => a.path === '/campaign.js'), JSON.stringify(assets));
    assert.ok(assets.some((a) => a.path === '/app.css'), JSON.stringify(assets));
    for (const a of assets) assert.match(a.type, /^(script|stylesheet|image|font|manifest|other)$/, a.path);
    // Nothing the page loads for itself (not a fetch, not the document) reaches the Worker.
    assert.deepEqual(v.workerTypes(), ['document', 'fetch', 'fetch', 'fetch', 'fetch']);
  } finally {
    await v.close();
  }
});

test('live updates slow down, stop after ten minutes without the visitor doing anything, and start again when they do', async () => {
  const v = await visit(browser, `${app.url}/c/${SLUG}`);
  try {
    // The count at 15, 45, 105, 225 and 465 s; the wall at 60, 180 and 420 s; then nothing.
    await v.advance(15 * 60_000);
    assert.deepEqual(v.worker().slice(1).sort(), [...Array(5).fill(count), ...Array(3).fill(wall)].sort());
    assert.deepEqual(v.workerAt().slice(1), [15, 45, 60, 105, 180, 225, 420, 465]);
    await v.page.keyboard.press('Tab');
    await v.advance(1_000);
    assert.deepEqual(v.worker().slice(9).sort(), [count, wall].sort());
    // (A second short of the 15, and two past it: the key press and the clock's start differ by a tick.)
    await v.advance(13_000);
    assert.equal(v.worker().length, 11, 'the next poll is 15 s after waking, not at once again');
    await v.advance(2_000);
    assert.equal(v.worker().length, 12);
  } finally {
    await v.close();
  }
});

test('a two-minute visit to another site with the count widget costs 3 Worker requests', async () => {
  const host = await serveHost(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
<p>News.</p><script id="solidarity-widget" async src="${app.url}/widget.js" data-campaign="${SLUG}"></script></body></html>`);
  const logFrom = app.log().length;
  const v = await visit(browser, host.url, app.url);
  try {
    await v.advance(120_000);
    // No CORS preflight either (a request of its own, which the page's events do not show):
    // wrangler dev logs every request it serves.
    const served = app.log().slice(logFrom).split('\n').filter((l) => /\[wrangler:info\] [A-Z]+ \//.test(l));
    assert.equal(served.filter((l) => l.includes('] OPTIONS ')).length, 0, served.join('\n'));
    assert.equal(served.filter((l) => l.includes('/count ')).length, 3, served.join('\n'));
    // At once, then 30 and 90 s later.
    assert.deepEqual(v.worker(), Array(3).fill(`/api/campaigns/${SLUG}/count?lang=en-US`));
    assert.deepEqual(v.workerAt(), [0, 30, 90]);
    assert.deepEqual(v.assets().map((a) => a.path), ['/widget.js']);
  } finally {
    await v.close();
    await host.close();
  }
});
