import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { confirm } from '../src/flows/signing';
import { replyAddress } from '../src/lib/reply-address';
import { isolatedCampaign, secret, seedPending } from './delivery-helpers';
import { ORIGIN, sentMail } from './helpers';
import { deliverReply, mime, storedReplies } from './reply-helpers';

/** A campaign with one confirmed signature to its second target, and that target's reply address as forwarded. */
async function forwarded() {
  const c = await isolatedCampaign();
  const [token] = await seedPending(c.slug, 1, () => ({ target: 't1', reply: true, email: `s0-${c.slug}@example.org` }));
  await confirm(env.DB, token!);
  await sentMail('o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)', c.slug);
  const row = await env.DB.prepare(
    `SELECT d.reply_to FROM dev_mailbox d JOIN outbox o ON o.idempotency_key = d.mail_key
     WHERE o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND o.kind = 'forward' AND d.mail_key LIKE '%:target'`,
  )
    .bind(c.slug)
    .first<{ reply_to: string }>();
  return { c, replyTo: row?.reply_to ?? '' };
}

const letter = (extra: Record<string, string> = {}) =>
  mime({ From: 'Consulate <consul@mfa.kz>', Subject: 'Re: Solidarity', Date: 'Mon, 7 Dec 2026 10:00:00 +0000', 'Message-ID': `<${crypto.randomUUID()}@mfa.kz>`, ...extra }, 'We have received your letters.');

describe('forwards to a target', () => {
  it('carry the supporter (only where allowed) and the campaign reply address for that target as Reply-To', async () => {
    const { c, replyTo } = await forwarded();
    const targetId = await env.DB.prepare(`SELECT id FROM targets WHERE key = 't1' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first<number>('id');
    const expected = await replyAddress(secret(), 'localhost', targetId!);
    expect(replyTo).toBe(`s0-${c.slug}@example.org, ${expected}`);
    expect(expected).toMatch(/^reply\+\d+-[0-9a-f]{20}@localhost$/);
  });

  it('carry no reply address on the campaign\'s own copy', async () => {
    const { c } = await forwarded();
    const row = await env.DB.prepare(
      `SELECT d.reply_to FROM dev_mailbox d JOIN outbox o ON o.idempotency_key = d.mail_key
       WHERE o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND d.mail_key LIKE '%:campaign'`,
    )
      .bind(c.slug)
      .first<{ reply_to: string }>();
    expect(row?.reply_to).toBe(`s0-${c.slug}@example.org`);
  });
});

describe('email() handler', () => {
  it('stores a reply to a target\'s address with its sender, date, subject, text and verdicts', async () => {
    const { c, replyTo } = await forwarded();
    const address = replyTo.split(', ')[1]!;
    expect(await deliverReply(address, letter())).toEqual({ rejected: null });
    const [stored] = await storedReplies(c.slug);
    expect(stored).toMatchObject({
      target_key: 't1', envelope_from: 'consul@mfa.kz', from_header: 'Consulate <consul@mfa.kz>', subject: 'Re: Solidarity',
      text_body: 'We have received your letters.', dated_at: Date.UTC(2026, 11, 7, 10), spf: 'pass', dkim: 'pass', dmarc: 'pass', automatic: 0, published_text: null,
    });
  });

  it('stores a message delivered twice (same Message-ID) once', async () => {
    const { c, replyTo } = await forwarded();
    const raw = letter({ 'Message-ID': '<same@mfa.kz>' });
    await deliverReply(replyTo.split(', ')[1]!, raw);
    await deliverReply(replyTo.split(', ')[1]!, raw);
    expect(await storedReplies(c.slug)).toHaveLength(1);
  });

  it('marks out-of-office and Auto-Submitted mail as automatic', async () => {
    const { c, replyTo } = await forwarded();
    const address = replyTo.split(', ')[1]!;
    await deliverReply(address, letter({ 'Auto-Submitted': 'auto-replied' }));
    await deliverReply(address, letter({ Subject: 'Автоответ: нет на месте' }));
    await deliverReply(address, letter({ Subject: 'Out of Office: Re: Solidarity' }));
    await deliverReply(address, letter({ 'Auto-Submitted': 'no' }));
    expect((await storedReplies(c.slug)).map((r) => r.automatic)).toEqual([1, 1, 1, 0]);
  });

  it('keeps only text from an HTML-only reply', async () => {
    const { c, replyTo } = await forwarded();
    const raw = letter().replace('Content-Type: text/plain; charset=utf-8', 'Content-Type: text/html; charset=utf-8')
      .replace('We have received your letters.', '<p>Thank you &amp; <b>regards</b><script>alert(1)</script></p><img src=x onerror=alert(1)>');
    await deliverReply(replyTo.split(', ')[1]!, raw);
    expect((await storedReplies(c.slug))[0]?.text_body).toBe('Thank you & regards');
  });

  it('refuses mail to an unknown or forged reply address, storing nothing', async () => {
    const { c, replyTo } = await forwarded();
    const address = replyTo.split(', ')[1]!;
    const forged = address.replace(/-([0-9a-f])/, (_, d: string) => `-${d === '0' ? '1' : '0'}`);
    const otherTarget = address.replace(/reply\+(\d+)-/, (_, id: string) => `reply+${Number(id) + 1}-`);
    for (const to of [forged, otherTarget, 'reply+99999999-0123456789abcdef0123@localhost', 'someone@localhost']) {
      expect(await deliverReply(to, letter())).toEqual({ rejected: 'Unknown recipient: this address does not take mail' });
    }
    expect(await storedReplies(c.slug)).toEqual([]);
  });

  it('refuses spoofed mail (DMARC fail, or SPF fail without DKIM) and mail over the size limit', async () => {
    const { c, replyTo } = await forwarded();
    const address = replyTo.split(', ')[1]!;
    const spoofed = 'Message refused: the sender\'s domain does not vouch for it (SPF/DKIM/DMARC)';
    expect(await deliverReply(address, letter(), { auth: 'mx.cloudflare.net; dkim=none; spf=pass smtp.mailfrom=x@evil.example; dmarc=fail header.from=mfa.kz' })).toEqual({ rejected: spoofed });
    expect(await deliverReply(address, letter(), { auth: 'mx.cloudflare.net; dkim=fail; spf=fail smtp.mailfrom=consul@mfa.kz; dmarc=none' })).toEqual({ rejected: spoofed });
    expect(await deliverReply(address, letter(), { size: 1_000_001 })).toEqual({ rejected: 'Message too large: replies to this address are limited to 1 MB' });
    expect(await storedReplies(c.slug)).toEqual([]);
  });
});

describe('GET /dev/mailbox', () => {
  it('lists the replies received, as text, with their verdicts', async () => {
    const { c, replyTo } = await forwarded();
    await deliverReply(replyTo.split(', ')[1]!, letter({ Subject: 'Mailbox <check>' }));
    const html = await (await SELF.fetch(`${ORIGIN}/dev/mailbox`)).text();
    expect(html).toMatch(new RegExp(`<h3>Mailbox &lt;check&gt;</h3><p class="meta">To ${c.slug} / t1 · From Consulate &lt;consul@mfa.kz&gt; · SPF pass · DKIM pass · DMARC pass`));
  });
});
