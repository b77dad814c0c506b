// Helpers for test/browser/page.test.mjs: the viewports and languages it walks, the seed of
// the wall, and what it does on the pages (sign, read the dev mailbox, run axe-core).
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SLUG = 'zhanaozen-solidarity';
/** Every interface language: one message file each (src/i18n/messages), English first. */
export const LANGS = readdirSync(new URL('../../src/i18n/messages/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort((a, b) => Number(b === 'en') - Number(a === 'en') || a.localeCompare(b));
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
/** The iframe snippet's height (src/views/embed-code.tsx). */
export const IFRAME_HEIGHT = 190;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** `?lang=` for any language but English. */
export const q = (lang) => (lang === 'en' ? '' : `?lang=${lang}`);

/** 25 public messages, so the wall is full (20) and the live refresh could show fewer. */
export const WALL_SEED = `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 25)
INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, public, consent_version, status, token_nonce,
  token_hash, token_expires_at, created_at, confirmed_at, updated_at)
SELECT c.id, 'wall-' || i || '@example.org', 'wall-' || i || '@example.org', 'Supporter ' || i, 'FR', 'Lyon', 'Solidarity message number ' || i, 1, '1',
  'confirmed', 'seeded-nonce-of-the-test', printf('%064d', i), 0, 1, CAST(unixepoch('subsec') * 1000 AS INTEGER) - i * 1000, 1
FROM seq, campaigns c WHERE c.slug = '${SLUG}'`;

/** Whether the element's box lies wholly inside the first screen (no scrolling). */
export async function inFirstScreen(page, selector, viewport) {
  const box = await page.locator(selector).first().boundingBox();
  return Boolean(box && box.y >= 0 && box.y + box.height <= viewport.height && box.width > 0);
}

/** axe-core's WCAG 2.x A and AA violations on the page now (axe injected past the CSP). */
export async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Signs on the campaign page of `base` in `lang` and lands on "check your inbox". */
export async function signOnPage(page, base, lang, email) {
  await page.goto(`${base}/c/${SLUG}${q(lang)}`);
  await page.fill('#name', 'Aigerim Test');
  await page.fill('#email', email);
  await page.selectOption('#country', 'FR');
  await page.fill('#city', 'Paris');
  await page.selectOption('#target', 'none');
  await page.check('#consent');
  await Promise.all([page.waitForURL(/\/signed/), page.click('form.sign-form button[type=submit]')]);
}

/** Every signature link mailed to `email` so far (the dev mailbox). */
export async function mailedLinks(base, email) {
  const mails = await (await fetch(`${base}/dev/mailbox.json`)).json();
  return mails.filter((m) => m.to.includes(email)).map((m) => m.text.match(/https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/)?.[0]).filter(Boolean);
}

/** The first link mailed to `email`, waiting for the outbox to send it. */
export async function confirmLink(base, email) {
  for (let i = 0; i < 60; i++) {
    const [link] = await mailedLinks(base, email);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no mail for ${email}`);
}

/** The public count (cached up to 5 s). */
export async function count(base) {
  return (await (await fetch(`${base}/api/campaigns/${SLUG}/count`)).json()).count;
}
