/**
 * What visits cost in Worker requests, in Chromium with its clock faked (the browser test's
 * own counter, test/browser/visit-support.mjs: a Worker answer carries X-Request-Id, a file
 * from public/ does not): a two-minute visit to the campaign page, one to another site showing
 * the count widget, and a supporter signing and confirming, and the mail that signature sends.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { visit } from '../test/browser/visit-support.mjs';
import type { FakeResend } from '../test/fake-resend/server';
import { newEmail, SLUG, tokenIn } from './client';

export type Visits = {
  /** Worker requests of a two-minute visit to the campaign page that does not sign. */
  page: number;
  /** Worker requests of a two-minute visit to another site showing the count widget. */
  widget: number;
  /** Worker requests of signing on the page and confirming from the mail, and what they were. */
  signing: number;
  signingPaths: string[];
  /** Emails and recipients (To and CC, each counted by Resend's quota) that one signature sent. */
  mails: number;
  recipients: number;
};

const TWO_MINUTES = 120_000;

/** A page on another origin with the count widget, served on a free port. */
async function hostPage(app: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body><p>News.</p>
<script id="solidarity-widget" async src="${app}/widget.js" data-campaign="${SLUG}"></script></body></html>`;
  const server = createServer((req, res) => res.writeHead(req.url === '/' ? 200 : 204, { 'content-type': 'text/html' }).end(req.url === '/' ? html : ''));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Waits for the fake Resend to have a mail to `email` with a link, and returns its token. */
async function mailedToken(fake: FakeResend, key: string, email: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const mail = fake.stats(key).delivered.find((m) => m.to.includes(email));
    const token = tokenIn(mail?.text);
    if (token) return token;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation mail reached the fake Resend for ${email}`);
}

/**
 * Measures the visits against the app at `app` (wrangler dev's port, which serves public/ as
 * Cloudflare does). `settleMail` runs the cron until the signature's mail has all gone out.
 */
export async function measureVisits(app: string, fake: FakeResend, key: string, settleMail: () => Promise<void>): Promise<Visits> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  try {
    const reader = await visit(browser, `${app}/c/${SLUG}`);
    await reader.advance(TWO_MINUTES);
    const page = reader.worker().length;
    await reader.close();
    const host = await hostPage(app);
    const other = await visit(browser, host.url, app);
    await other.advance(TWO_MINUTES);
    const widget = other.worker().length;
    await other.close();
    await host.close();

    fake.reset(key);
    const email = newEmail('visit');
    const signer = await visit(browser, `${app}/c/${SLUG}`);
    const p = signer.page;
    await p.fill('#name', 'Visiting Supporter');
    await p.fill('#email', email);
    await p.selectOption('#country', 'FR');
    await p.fill('#city', 'Paris');
    await p.check('#consent');
    await Promise.all([p.waitForURL(/\/signed/), p.click('form.sign-form button[type=submit]')]);
    await p.goto(`${app}/s/${await mailedToken(fake, key, email)}`);
    // The confirmation answers 303 to the link's own page, which then thanks the supporter.
    await Promise.all([p.waitForResponse((r) => r.url().endsWith('/confirm')), p.click('form[action$="/confirm"] button[type=submit]')]);
    await p.waitForLoadState('load');
    const signingPaths = signer.worker();
    await signer.close();
    await settleMail();
    const sent = fake.stats(key).delivered;
    return { page, widget, signing: signingPaths.length, signingPaths, mails: sent.length, recipients: sent.reduce((n, m) => n + m.to.length + (m.cc?.length ?? 0), 0) };
  } finally {
    await browser.close();
  }
}
