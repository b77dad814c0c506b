import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DIGEST_GRACE_MS, enqueueDigests } from '../src/email/digest';
import { confirm } from '../src/flows/signing';
import { isolatedCampaign, seedPending } from './delivery-helpers';
import { sentMail } from './helpers';

/** The campaign's mail as it went out (rendered by the drainer). */
const outbox = (slug: string) => sentMail('o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)', slug);

describe('forward on confirmation', () => {
  it('writes one mail to the campaign address with its copies in Cc and one to the chosen target, Reply-To only when allowed', async () => {
    const c = await isolatedCampaign({ subject: 'From {name} in {city}: {message}', body: '{message}\n\n{name}, {city}, {country}' });
    const [allowed, refused] = await seedPending(c.slug, 2, (i) => ({ target: 't1', reply: i === 0, email: `supporter${i}-${c.slug}@example.org` }));
    await confirm(env.DB, allowed!);
    await confirm(env.DB, refused!);
    // The receipts to the two supporters are tested in receipt.test.ts.
    const rows = (await outbox(c.slug)).filter((r) => r.kind === 'forward');
    expect(rows.map((r) => [r.kind, JSON.parse(r.to_addrs), JSON.parse(r.cc_addrs), r.reply_to, r.from_name])).toEqual([
      ['forward', [c.mail.to], c.mail.cc, `supporter0-${c.slug}@example.org`, 'Zhanaozen Solidarity'],
      ['forward', [c.targets[1]!.email], [], `supporter0-${c.slug}@example.org`, 'Zhanaozen Solidarity'],
      ['forward', [c.mail.to], c.mail.cc, null, 'Zhanaozen Solidarity'],
      ['forward', [c.targets[1]!.email], [], null, 'Zhanaozen Solidarity'],
    ]);
    const first = rows[0]!;
    expect(first.subject).toBe('From Supporter 0 in Lyon: Message number 0 <b>&</b>');
    expect(first.text_body).toBe('Message number 0 <b>&</b>\n\nSupporter 0, Lyon, France');
    expect(first.html_body).toContain('<p style="margin:0 0 1em" dir="auto">Message number 0 &lt;b&gt;&amp;&lt;/b&gt;</p>');
    expect(first.html_body).not.toContain('<b>&</b>');
    expect(rows.map((r) => r.throttle_key)).toEqual([`to:${c.mail.to}`, `to:${c.targets[1]!.email}`, `to:${c.mail.to}`, `to:${c.targets[1]!.email}`]);
  });

  it('keeps line breaks of a message out of the subject', async () => {
    const c = await isolatedCampaign({ subject: '{message}' });
    const [token] = await seedPending(c.slug, 1);
    await env.DB.prepare(`UPDATE signatures SET message = ?2 WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug, 'Line one\nBcc: evil@example.org\r\nthree').run();
    await confirm(env.DB, token!);
    expect((await outbox(c.slug))[0]?.subject).toBe('Line one Bcc: evil@example.org three');
  });

  it('forwards nothing for a campaign set to none, and only the target mail for a digest campaign', async () => {
    const none = await isolatedCampaign({ forward: 'none' });
    const digest = await isolatedCampaign({ forward: 'digest' });
    const [a] = await seedPending(none.slug, 1, () => ({ target: 't0' }));
    const [b] = await seedPending(digest.slug, 1, () => ({ target: 't0' }));
    await confirm(env.DB, a!);
    await confirm(env.DB, b!);
    // Nothing goes in the name of a supporter of a `none` campaign, so no receipt either.
    expect(await outbox(none.slug)).toEqual([]);
    // The target's copy, then the supporter's receipt (naming the digest too) its sending enqueued.
    expect((await outbox(digest.slug)).map((r) => [r.kind, JSON.parse(r.to_addrs)[0]])).toEqual([
      ['forward', digest.targets[0]!.email],
      ['receipt', expect.stringMatching(/^s0-.*@example\.org$/)],
    ]);
  });
});

describe('daily digest (cron)', () => {
  it('enqueues one email a day to the campaign address listing that day’s messages, once per campaign and day', async () => {
    const c = await isolatedCampaign({ forward: 'digest' });
    const tokens = await seedPending(c.slug, 3, (i) => ({ reply: i === 0 }));
    for (const t of tokens) await confirm(env.DB, t);
    const day = Date.UTC(2026, 10, 20);
    // Two confirmed on the 20th, one on the 21st (UTC).
    await env.DB.prepare(
      `UPDATE signatures SET confirmed_at = ?2 + (id % 3) * 3600000 + CASE WHEN id = (SELECT max(id) FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)) THEN 86400000 ELSE 0 END
       WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`,
    )
      .bind(c.slug, day)
      .run();
    // Before the 20th is over (plus grace), nothing.
    expect(await enqueueDigests(env.DB, day + 86_400_000 + DIGEST_GRACE_MS - 1)).toBe(0);
    const at = day + 86_400_000 + DIGEST_GRACE_MS;
    expect(await enqueueDigests(env.DB, at)).toBe(1);
    expect(await enqueueDigests(env.DB, at + 60_000)).toBe(0);
    const digests = (await outbox(c.slug)).filter((r) => r.kind === 'digest');
    expect(digests).toHaveLength(1);
    const d = digests[0]!;
    const campaignId = (await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(c.slug).first<{ id: number }>())!.id;
    expect(d).toMatchObject({ idempotency_key: `c${campaignId}:digest:2026-11-20`, to_addrs: JSON.stringify([c.mail.to]), cc_addrs: JSON.stringify(c.mail.cc), reply_to: null });
    expect(d.subject).toBe(`Daily digest: 2 solidarity messages for ${c.title} (2026-11-20)`.slice(0, 200));
    expect(d.text_body).toContain('2 supporters confirmed messages');
    expect(d.text_body).toMatch(/— Supporter 0, Lyon, France <s0-.*@example\.org>\nMessage number 0 <b>&<\/b>/);
    expect(d.text_body).toContain('— Supporter 1, Lyon, France\nMessage number 1 <b>&</b>');
    expect(d.text_body).not.toContain('Supporter 2');
    expect(d.html_body).toContain('Message number 1 &lt;b&gt;&amp;&lt;/b&gt;');
    // The next day's digest comes the day after, on its own key.
    expect(await enqueueDigests(env.DB, at + 86_400_000)).toBe(1);
  });
});
