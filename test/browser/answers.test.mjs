// The answer loop through `wrangler dev`: a supporter writes to the embassy in Berlin, the
// embassy's reply reaches the Worker's email() handler at /cdn-cgi/handler/email, the
// organiser publishes an excerpt, and the public ledger shows it; the supporter, who asked
// for updates, is sent it. Run: npm run test:browser:answers
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startApp } from './server.mjs';
import { shot } from './support.mjs';

const PORT = Number(process.env.ANSWERS_TEST_PORT ?? 8821);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SLUG = 'zhanaozen-solidarity';
const ORGANISER = 'organiser@example.org';
const EMBASSY = 'embassy-de-berlin@example.org';
const REPLY = 'Sehr geehrte Damen und Herren,\n\nthe Embassy of the Republic of Kazakhstan has received your letters and forwarded them to the Ministry in Astana.\n\nWith respect,\nThe Consular Section';

let app;
let browser;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function findMail(test) {
  for (let i = 0; i < 150; i++) {
    const found = (await (await fetch(`${ORIGIN}/dev/mailbox.json`)).json()).find(test);
    if (found) return found;
    await sleep(200);
  }
  throw new Error('no such mail in the dev mailbox');
}

/** A reply as Email Routing hands it to the Worker: wrangler dev's local endpoint. */
function deliver(to, { messageId = `<${Date.now()}@kazembassy.example>` } = {}) {
  const raw = [`From: Embassy of Kazakhstan <consul@kazembassy.example>`, `To: ${to}`, 'Subject: Re: Solidarity with Zhanaozen', `Message-ID: ${messageId}`,
    'Date: Mon, 7 Dec 2026 10:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '', REPLY, ''].join('\r\n');
  const url = new URL(`${ORIGIN}/cdn-cgi/handler/email`);
  url.searchParams.set('from', 'consul@kazembassy.example');
  url.searchParams.set('to', to);
  return fetch(url, { method: 'POST', body: raw });
}

before(async () => {
  app = await startApp({ port: PORT, inspectorPort: PORT + 500 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('an embassy\'s reply is captured, published as an excerpt, shown beside the ledger and passed on', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();

  // A supporter writes to the embassy in Berlin and asks for updates.
  const supporter = `supporter-${Date.now()}@example.org`;
  const signed = await fetch(`${ORIGIN}/api/campaigns/${SLUG}/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Greta Hansen', email: supporter, country: 'DE', city: 'Berlin', message: 'Freiheit für die Streikenden!', target: 'de-berlin', updates: true, consent: true }),
  });
  assert.equal(signed.status, 202);
  const confirm = await findMail((m) => m.to.includes(supporter) && /\/s\/[A-Za-z0-9_-]{43}/.test(m.text));
  await page.goto(confirm.text.match(/http\S+\/s\/[A-Za-z0-9_-]{43}/)[0]);
  // Signed through the API: the updates box is ticked where the supporter confirms.
  await page.check('#updates');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/confirm"] button[type=submit]')]);

  // The forward to the embassy carries the campaign's reply address for it.
  const forward = await findMail((m) => m.to.includes(EMBASSY));
  const address = String(forward.replyTo).split(', ').find((a) => a.startsWith('reply+'));
  assert.match(address, /^reply\+\d+-[0-9a-f]{20}@/);

  // Its reply reaches the Worker; mail to a made-up address is refused (setReject: wrangler dev
  // answers 200 all the same, so the replies page below shows that nothing was stored).
  assert.equal((await deliver(address)).ok, true);
  await deliver(address.replace(/-[0-9a-f]/, (m) => (m === '-0' ? '-1' : '-0')));

  // The organiser signs in and publishes an excerpt.
  await page.goto(`${ORIGIN}/admin`);
  await page.getByLabel('Email').fill(ORGANISER);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  const login = await findMail((m) => m.to.includes(ORGANISER) && /\/admin\/login\//.test(m.text));
  await page.goto(login.text.match(/http\S+\/admin\/login\/[A-Za-z0-9_-]{43}/)[0]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(`${ORIGIN}/admin/campaigns/${SLUG}/replies`);
  const reply = page.locator('article.reply');
  assert.equal(await reply.count(), 1, 'one reply stored; the forged one was refused');
  assert.match(await reply.locator('[data-verdicts]').innerText(), /SPF \w+ · DKIM \w+ · DMARC \w+/);
  await page.screenshot({ path: shot('replies.png'), fullPage: false });
  await reply.locator('textarea').fill('the Embassy of the Republic of Kazakhstan has received your letters … The Consular Section');
  await Promise.all([page.waitForNavigation(), reply.getByRole('button', { name: 'Publish' }).click()]);
  assert.match(await page.locator('[data-published]').innerText(), /has received your letters … The Consular Section/);

  // The public ledger shows the answer beside the deliveries, on a desktop and on a phone.
  await page.goto(`${ORIGIN}/c/${SLUG}/deliveries`);
  await page.locator('#answers-heading').scrollIntoViewIfNeeded();
  assert.match(await page.locator('section.answers').innerText(), /has received your letters/);
  await page.screenshot({ path: shot('ledger-answer.png'), fullPage: false });
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${ORIGIN}/c/${SLUG}/deliveries`);
  const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the ledger is ${scroll} px wide on a ${width} px phone`);
  const ledger = await (await fetch(`${ORIGIN}/c/${SLUG}/deliveries.json`)).json();
  const berlin = ledger.targets.find((t) => t.key === 'de-berlin');
  assert.equal(berlin.answer.status, 'answered');
  assert.equal(berlin.answer.replies.length, 1);

  // The supporter, who wrote to Berlin and asked for updates, is sent it once.
  const passedOn = await findMail((m) => m.to.includes(supporter) && /answered/.test(m.subject));
  assert.match(passedOn.text, /has received your letters … The Consular Section/);
  await context.close();
});
