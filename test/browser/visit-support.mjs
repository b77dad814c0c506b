// A visit under Playwright's fake clock, telling Worker responses (X-Request-Id) from static
// files. Shared by test/browser/visit-cost.test.mjs.

/**
 * Opens `url` in a fresh context with the clock installed, recording every response from
 * `origin` (the app's; the page's own by default).
 */
export async function visit(browser, url, origin = new URL(url).origin) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // The clock stands still but for advance(), so each poll falls on its second however slow
  // the machine; and the browser's HTTP cache, which keeps real time, is off, so that every
  // poll is seen (on a real visit each would reach the Worker: the count's copy is fresh for
  // 5 s, then revalidated).
  const t0 = Date.parse('2027-06-16T08:00:00Z');
  await page.clock.install({ time: t0 });
  await page.clock.pauseAt(t0 + 1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const seen = [];
  let inFlight = 0;
  let now = 0;
  page.on('request', () => (inFlight += 1));
  page.on('requestfinished', () => (inFlight -= 1));
  // (A 304 to a conditional request counts as failed in Chromium with its cache off.)
  page.on('requestfailed', () => (inFlight -= 1));
  page.on('response', (res) => {
    const u = new URL(res.url());
    const worker = res.headers()['x-request-id'] !== undefined;
    if (u.origin === origin) seen.push({ path: u.pathname + u.search, type: res.request().resourceType(), status: res.status(), worker, at: now });
  });
  await page.goto(url);
  await page.waitForLoadState('load');
  const settle = async () => {
    for (let i = 0; i < 500 && inFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
  };
  await settle();
  return {
    page,
    /** Moves the page's clock on by `ms`, a second at a time, letting each poll's request finish. */
    async advance(ms) {
      for (let t = 0; t < ms; t += 1000) {
        await page.clock.runFor(1000);
        now += 1;
        await new Promise((r) => setTimeout(r, 5));
        await settle();
      }
    },
    worker: () => seen.filter((s) => s.worker).map((s) => s.path),
    workerTypes: () => seen.filter((s) => s.worker).map((s) => s.type),
    /** Seconds into the visit at which each Worker request finished (to the second). */
    workerAt: () => seen.filter((s) => s.worker).map((s) => s.at),
    assets: () => seen.filter((s) => !s.worker).map(({ path, type }) => ({ path, type })),
    close: () => context.close(),
  };
}
