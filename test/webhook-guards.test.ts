import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { HELD_UNTIL } from '../src/db/mail-slots';
import { tagOfKey } from '../src/email/resend-tag';
import { outboxRows, postWebhook, sentThroughFake, signedEvent } from './webhook-helpers';

const leafOf = (receiptId: string | null) => env.DB.prepare('SELECT 1 AS x FROM ledger_leaves WHERE receipt_id = ?1').bind(receiptId).first();
const holdOf = (slug: string, address: string) =>
  env.DB.prepare('SELECT kind, reason FROM mail_holds WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND throttle_key = ?2').bind(slug, `to:${address}`).first();
const rowOf = async (slug: string, key: string) => (await outboxRows(slug)).find((r) => r.idempotency_key === key)!;

/** A sent forward to embassy t0, and a signed event about it with these parts. */
async function sentForward() {
  const s = await sentThroughFake();
  const target = s.forwards.find((f) => f.receipt_target === 't0')!;
  return { ...s, target, tag: { outbox: tagOfKey(target.idempotency_key)! } };
}

describe('POST /api/webhooks/resend: an event applies only to the send it names', () => {
  it('ignores an event carrying a message’s tag under another email id: no delivery, no leaf, no hold', async () => {
    const { key, campaign, target, tag } = await sentForward();
    for (const type of ['email.delivered', 'email.bounced']) {
      const res = await postWebhook(await signedEvent(key, { type, emailId: 'e3f1c0de-0000-4000-8000-000000000000', tags: tag, bounce: { type: 'Permanent' } }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, outcome: 'ignored', type });
    }
    expect(await rowOf(campaign.slug, target.idempotency_key)).toMatchObject({ delivery: null, status: 'sent' });
    expect(await leafOf(target.receipt_id)).toBeNull();
    expect(await holdOf(campaign.slug, campaign.targets[0]!.email)).toBeNull();
    // The real id still applies.
    const res = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: target.provider_id }));
    expect(await res.json()).toMatchObject({ outcome: 'applied' });
    expect(await leafOf(target.receipt_id)).not.toBeNull();
  });

  it('never moves a dead message to delivered', async () => {
    const { key, campaign, target } = await sentForward();
    await env.DB.prepare(`UPDATE outbox SET status = 'dead' WHERE idempotency_key = ?1`).bind(target.idempotency_key).run();
    const res = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: target.provider_id }));
    expect(await res.json()).toMatchObject({ outcome: 'ignored' });
    expect(await rowOf(campaign.slug, target.idempotency_key)).toMatchObject({ status: 'dead', delivery: null });
    expect(await leafOf(target.receipt_id)).toBeNull();
  });

  it('never moves a held message to delivered, nor asks Resend to try again (no 503)', async () => {
    const { key, campaign, target } = await sentForward();
    await env.DB.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?2 WHERE idempotency_key = ?1`).bind(target.idempotency_key, HELD_UNTIL).run();
    const res = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: target.provider_id }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'ignored' });
    expect(await rowOf(campaign.slug, target.idempotency_key)).toMatchObject({ status: 'pending', delivery: null });
    expect(await leafOf(target.receipt_id)).toBeNull();
  });
});

describe('POST /api/webhooks/resend: email.suppressed and email.failed', () => {
  it('email.suppressed holds the address like a hard bounce and never counts as delivered', async () => {
    const { key, campaign, target } = await sentForward();
    const res = await postWebhook(await signedEvent(key, { type: 'email.suppressed', emailId: target.provider_id }));
    expect(await res.json()).toEqual({ received: true, outcome: 'applied', type: 'email.suppressed' });
    const reason = 'suppressed by Resend (the address is on its suppression list)';
    expect(await rowOf(campaign.slug, target.idempotency_key)).toMatchObject({ delivery: 'bounced', delivery_error: reason });
    expect(await holdOf(campaign.slug, campaign.targets[0]!.email)).toEqual({ kind: 'bounced', reason });
    // A late "delivered" cannot outrank it.
    await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: target.provider_id }));
    expect(await rowOf(campaign.slug, target.idempotency_key)).toMatchObject({ delivery: 'bounced' });
    expect(await leafOf(target.receipt_id)).toBeNull();
  });

  it('email.failed holds the address and records why', async () => {
    const { key, campaign, target } = await sentForward();
    const res = await postWebhook(await signedEvent(key, { type: 'email.failed', emailId: target.provider_id }));
    expect(await res.json()).toMatchObject({ outcome: 'applied' });
    expect(await rowOf(campaign.slug, target.idempotency_key)).toMatchObject({ delivery: 'bounced', delivery_error: 'failed at Resend' });
    expect(await holdOf(campaign.slug, campaign.targets[0]!.email)).toEqual({ kind: 'bounced', reason: 'failed at Resend' });
  });
});
