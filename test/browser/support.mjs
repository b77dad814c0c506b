// Helpers for browser tests: where screenshots go, a host page on another origin, and
// signing + confirming through the dev mailbox. The app itself is started by server.mjs.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder screenshots are written to. A test run never overwrites the committed ones:
 * they go to SCREENSHOT_DIR, else a folder under the system's temp dir. Only
 * UPDATE_SCREENSHOTS=1 writes docs/screenshots/, to refresh them on purpose.
 */
export function screenshotDir() {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : (process.env.SCREENSHOT_DIR || join(tmpdir(), 'solidarity-screenshots'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The path for screenshot `name` (e.g. `dashboard.png`) in screenshotDir(). */
export function shot(name) {
  return join(screenshotDir(), name);
}

/** Serves one HTML page (and an empty favicon) on a free port of 127.0.0.1, with `headers` added to the page. */
export function serveHost(html, headers = {}) {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(html);
    } else {
      res.writeHead(204);
      res.end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Someone else's site: its own fonts and colours, two widgets and the iframe. */
export function hostPage(worker, first, second) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Dockers' Union — news</title>
<style>body{font:16px/1.5 Georgia,serif;background:#f3efe6;color:#202020;max-width:820px;margin:2rem auto;padding:0 1rem}
h1{font-size:2rem;color:#123f6b}p,a,b,div{letter-spacing:.02em}.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;align-items:start}</style>
</head><body>
<h1>Dockers' Union — news</h1>
<p>Our branch supports the striking oil workers. Add your name below, and spread the word.</p>
<div class="cols">
  <div><h2>Zhanaozen</h2>
    <script id="from-script" async src="${worker}/widget.js" data-campaign="${first}" data-interval="2"></script>
    <h2>Without JavaScript</h2>
    <iframe src="${worker}/c/${first}/embed?interval=2" title="Signatures" width="320" height="130" style="border:0" loading="lazy"></iframe>
    <p><a href="${worker}/c/${first}"><img src="${worker}/c/${first}/badge.svg" alt="Signatures"></a></p>
  </div>
  <div><h2>Dockers</h2><div id="placeholder" data-solidarity-campaign="${second}" data-variant="full" data-interval="2"></div></div>
</div>
</body></html>`;
}

async function confirmLink(worker, email) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const mails = await (await fetch(`${worker}/dev/mailbox.json`)).json();
    const mail = mails.find((m) => m.to.includes(email) && /\/s\/[A-Za-z0-9_-]{43}/.test(m.text));
    if (mail) return mail.text.match(/https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/)[0];
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no confirmation mail for ${email}`);
}

/** Signs on the campaign page (unless `name` is absent: already signed elsewhere), then confirms from the mail. */
export async function signAndConfirm(page, worker, slug, { name, email, city, message }) {
  if (name) {
    await page.goto(`${worker}/c/${slug}`);
    await page.fill('#name', name);
    await page.fill('#email', email);
    await page.selectOption('#country', 'FR');
    await page.fill('#city', city);
    await page.selectOption('#target', 'none');
    if (message) {
      await page.fill('#message', message);
      await page.check('#public');
    }
    await page.check('#consent');
    await Promise.all([page.waitForURL(`**/c/${slug}/signed`), page.click('form.sign-form button[type=submit]')]);
  }
  await page.goto(await confirmLink(worker, email));
  // Public where a message was written: ticked where the supporter confirms (their browser's
  // own tick from the form is there already when the link opens in it).
  if (message) await page.check('#public');
  await Promise.all([page.waitForNavigation(), page.click('form[action*="/confirm"] button')]);
}
