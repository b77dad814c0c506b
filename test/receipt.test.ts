import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { HELD_UNTIL } from '../src/db/mail-slots';
import { runPrivacySweep } from '../src/db/privacy';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import { fakeConfig, fakeKey, isolatedCampaign, seedPending } from './delivery-helpers';
import { mailTo, ORIGIN, postForm, postJson, signatureBody, tokenFor, confirmAs } from './helpers';
import { settleInvocations } from './limits/invocation';

/** A supporter who signed (to target t1) and confirmed through HTTP; their mail delivered by the dev mailbox. */
async function confirmedSupporter(overrides: Record<string, unknown> = {}, lang = 'en', targetNames: Record<string, string> = {}) {
  const c = await isolatedCampaign({}, 2);
  await env.DB.prepare(`UPDATE targets SET names = ?2 WHERE key = 't1' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug, JSON.stringify(targetNames)).run();
  const body = signatureBody({ target: 't1', message: 'Stop the repression in Zhanaozen!', ...overrides });
  await postJson(`/api/campaigns/${c.slug}/signatures?lang=${lang}`, body);
  const token = await tokenFor(String(body.email));
  await confirmAs(token);
  // The request's drain (its waitUntil) sends the forwards; mailTo sends the receipt they enqueued.
  await settleInvocations();
  const mails = await mailTo(String(body.email));
  // Forwards are rendered when sent: their text is the copy the dev mailbox kept.
  const { results } = await env.DB.prepare(
    `SELECT o.idempotency_key AS key, o.receipt_id, o.receipt_target, d.text_body
     FROM outbox o LEFT JOIN dev_mailbox d ON d.mail_key = o.idempotency_key
     WHERE o.kind = 'forward' AND o.signature_id = (SELECT id FROM signatures WHERE email = ?1) ORDER BY o.idempotency_key`,
  )
    .bind(body.email)
    .all<{ key: string; receipt_id: string; receipt_target: string; text_body: string }>();
  return { c, email: String(body.email), token, mails, forwards: results };
}

const page = async (token: string) => (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();
const itemOf = (html: string, receipt: string) => html.slice(html.indexOf(`<li data-receipt="${receipt}">`), html.indexOf('</li>', html.indexOf(`<li data-receipt="${receipt}">`)));

describe('the receipt email after confirming', () => {
  it('lists what was sent in the supporter’s name: the message as written, the campaign’s address, the target by name, receipt ids, exact texts and the link', async () => {
    const { c, mails, forwards, token } = await confirmedSupporter();
    const receipt = await env.DB.prepare(`SELECT idempotency_key, kind, status, subject, text_body FROM outbox WHERE idempotency_key LIKE '%:receipt' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`)
      .bind(c.slug)
      .first<Record<string, unknown>>();
    // In the signature's key range; rendered by the drainer, so the row never holds the link.
    expect(receipt).toEqual({ idempotency_key: expect.stringMatching(/^c\d+:s\d+\.\d+:receipt$/), kind: 'receipt', status: 'sent', subject: null, text_body: null });
    const mail = mails.find((m) => m.subject === `Your signature on “${c.title}”: what was sent in your name`)!;
    const [toCampaign, toTarget] = forwards;
    expect(mail.text_body).toContain(`Sent in your name:\n— The campaign’s address, ${c.mail.to} (receipt ${toCampaign!.receipt_id})\n— Embassy 1 (receipt ${toTarget!.receipt_id})`);
    expect(mail.text_body).toContain('Your message, as you wrote it:\nStop the repression in Zhanaozen!');
    expect(mail.text_body).toContain(`Embassy 1 (receipt ${toTarget!.receipt_id}) — the exact text sent:\n\n${toTarget!.text_body}`);
    expect(mail.text_body).toMatch(new RegExp(`withdraw your signature: http://localhost(:8787)?/s/${token}\n`));
    expect(mail.html_body).toMatch(new RegExp(`href="http://localhost(:8787)?/s/${token}"`));
    expect(mail.html_body).toContain('See delivery and receipts</a>');
  });

  it('is in the language the supporter signed in, the target named in it too (page and public ledger alike)', async () => {
    const { mails, c, token, forwards } = await confirmedSupporter({}, 'ru', { ru: 'Посольство 1' });
    const mail = mails.find((m) => m.subject.startsWith('Ваша подпись'));
    expect(mail?.text_body).toContain(`Отправлено от вашего имени:\n— Адрес кампании, ${c.mail.to}`);
    expect(mail?.text_body).toContain(`— Посольство 1 (`);
    expect(itemOf(await page(token), forwards[1]!.receipt_id)).toContain('<strong>Посольство 1</strong>');
    const ledger = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries?lang=ru`)).text();
    expect(ledger).toContain('<tr data-target="t1"><th scope="row">Посольство 1</th>');
    expect(await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries.json`)).json()).toMatchObject({ targets: expect.arrayContaining([expect.objectContaining({ key: 't1', name: 'Embassy 1', names: { ru: 'Посольство 1' } })]) });
  });

  it('is enqueued by the drainer once the first forward has gone, once however many follow', async () => {
    const c = await isolatedCampaign({}, 1);
    const [token] = await seedPending(c.slug, 1, () => ({ target: 't0' }));
    const later = Date.now() + 86_400_000;
    // Earlier tests' mail out of the way: a claim takes mail without a throttle first.
    for (let i = 0; i < 2; i++) await drainOutbox(env.DB, fakeConfig(fakeKey()), { now: () => later });
    await confirm(env.DB, token!);
    const rows = () => env.DB.prepare(`SELECT kind, status FROM outbox WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY idempotency_key`).bind(c.slug).all<{ kind: string; status: string }>();
    // Confirming wrote the two forwards only.
    expect((await rows()).results).toEqual([{ kind: 'forward', status: 'pending' }, { kind: 'forward', status: 'pending' }]);
    const key = fakeKey();
    await drainOutbox(env.DB, fakeConfig(key), { now: () => later, maxMessages: 1 });
    expect((await rows()).results).toEqual([{ kind: 'forward', status: 'sent' }, { kind: 'receipt', status: 'pending' }, { kind: 'forward', status: 'pending' }]);
    await drainOutbox(env.DB, fakeConfig(key), { now: () => later + 1 });
    expect((await rows()).results).toEqual([{ kind: 'forward', status: 'sent' }, { kind: 'receipt', status: 'sent' }, { kind: 'forward', status: 'sent' }]);
  });

  it('is not sent when nothing goes out in the supporter’s name', async () => {
    const c = await isolatedCampaign({ forward: 'none' }, 1);
    const body = signatureBody({ target: 't0' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)), body);
    expect((await mailTo(String(body.email))).map((m) => m.subject)).toEqual([`Please confirm your signature: ${c.title}`]);
  });
});

describe('the daily privacy sweep', () => {
  it('deletes a receipt a day after it went (it holds the supporter’s address), and keeps the forwards', async () => {
    const { c, email } = await confirmedSupporter();
    const receipts = `SELECT count(*) AS n FROM outbox WHERE kind = 'receipt' AND to_addrs = json_array(?1)`;
    expect(await env.DB.prepare(receipts).bind(email).first('n')).toBe(1);
    await runPrivacySweep(env.DB, Date.now());
    expect(await env.DB.prepare(receipts).bind(email).first('n')).toBe(1);
    await runPrivacySweep(env.DB, Date.now() + 86_400_000 + 60_000);
    expect(await env.DB.prepare(receipts).bind(email).first('n')).toBe(0);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'forward' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first('n')).toBe(2);
  });
});

describe('GET /s/:token after confirming', () => {
  it('shows each message sent in the supporter’s name with its status in words and its receipt id', async () => {
    const { c, token, forwards } = await confirmedSupporter();
    const html = await page(token);
    expect(html).toContain('<h2 id="receipt-heading">Sent in your name</h2>');
    expect(html).toContain('<blockquote class="message" dir="auto">Stop the repression in Zhanaozen!</blockquote>');
    const [toCampaign, toTarget] = forwards;
    const item = itemOf(html, toTarget!.receipt_id);
    expect(item).toMatch(/<strong>Embassy 1<\/strong>: <span data-status="true">delivered at \d\d:\d\d UTC<\/span>/);
    expect(item).toContain(`Receipt <code>${toTarget!.receipt_id}</code> · counted in the public ledger on ${new Date().toISOString().slice(0, 10)}`);
    expect(item).toContain(`href="/c/${c.slug}/deliveries/verify?receipt=${toTarget!.receipt_id}"`);
    expect(itemOf(html, toCampaign!.receipt_id)).toContain(`<strong>The campaign’s address, ${c.mail.to}</strong>`);
  });

  it('says when a waiting message goes, that held mail waits for a fixed address, and what became of one that failed', async () => {
    const { token, forwards } = await confirmedSupporter();
    const [a, b] = forwards;
    const set = (key: string, sql: string, ...params: (string | number)[]) => env.DB.prepare(`UPDATE outbox SET ${sql} WHERE idempotency_key = ?1`).bind(key, ...params).run();
    const at = Date.UTC(2030, 0, 2, 14, 5);
    await set(a!.key, `status = 'pending', delivery = NULL, next_attempt_at = ?2`, at);
    await set(b!.key, `delivery = 'bounced'`);
    let html = await page(token);
    expect(itemOf(html, a!.receipt_id)).toContain('waiting; it goes out at about 2030-01-02 14:05 UTC');
    expect(itemOf(html, b!.receipt_id)).toContain('could not be delivered: the recipient’s mail server refused it.');
    await set(a!.key, `next_attempt_at = ?2`, HELD_UNTIL);
    await set(b!.key, `status = 'dead', delivery = NULL`);
    html = await page(token);
    expect(itemOf(html, a!.receipt_id)).toContain('held: this address refused earlier mail');
    expect(itemOf(html, b!.receipt_id)).toContain('could not be sent. The organisers see this and can send it again');
    await set(a!.key, `status = 'sent', delivery = 'delayed', sent_at = ?2`, at);
    expect(itemOf(await page(token), a!.receipt_id)).toContain('sent at 2030-01-02 14:05 UTC; delivery is delayed');
  });

  it('shows nothing of it once withdrawn, and the sent receipt (it holds the address) is gone', async () => {
    const { c, email, token, forwards } = await confirmedSupporter();
    await postForm(`/s/${token}/withdraw`, {});
    const html = await page(token);
    expect(html).not.toContain('Sent in your name');
    expect(html).not.toContain(forwards[0]!.receipt_id);
    const kept = await env.DB.prepare(`SELECT kind, status FROM outbox WHERE to_addrs = json_array(?1) AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?2)`).bind(email, c.slug).all();
    expect(kept.results).toEqual([]);
  });
});
