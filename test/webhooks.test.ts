import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from './limits/worker';
import { svixSignature } from './fake-resend/webhooks';
import { confirm } from '../src/flows/signing';
import { fakeKey, fakeStats, isolatedCampaign, seedPending } from './delivery-helpers';
import { ORIGIN } from './helpers';
import { outboxRows, postWebhook, sentThroughFake, signedEvent } from './webhook-helpers';

async function leafOf(receiptId: string | null) {
  return env.DB.prepare('SELECT * FROM ledger_leaves WHERE receipt_id = ?1').bind(receiptId).first<Record<string, unknown>>();
}

describe('POST /api/webhooks/resend', () => {
  it('marks the message delivered on email.delivered and adds its leaf to the ledger', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const target = forwards.find((f) => f.receipt_target === 't0')!;
    expect(target).toMatchObject({ status: 'sent', delivery: null, provider_id: expect.any(String) });
    // The forward went out tagged with its outbox key (':' as '_', '.' as '-'); the receipt untagged.
    const delivered = (await fakeStats(key)).delivered;
    expect(delivered.find((d) => d.id === target.provider_id)?.tags).toEqual([{ name: 'outbox', value: target.idempotency_key.replace(/:/g, '_').replace('.', '-') }]);
    expect(delivered.find((d) => d.headers?.['X-Entity-Ref-ID']?.endsWith(':receipt'))).not.toHaveProperty('tags');
    const res = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: target.provider_id }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'applied', type: 'email.delivered' });
    const [row] = (await outboxRows(campaign.slug)).filter((r) => r.idempotency_key === target.idempotency_key);
    expect(row).toMatchObject({ delivery: 'delivered' });
    expect(await leafOf(target.receipt_id)).toMatchObject({
      target: 't0',
      day: new Date().toISOString().slice(0, 10),
      outbox_key: target.idempotency_key,
      text_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      leaf: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('records email.sent and email.delivery_delayed, and a later event never undoes an earlier one', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const id = forwards[0]!.provider_id;
    const state = async () => (await outboxRows(campaign.slug))[0]!.delivery;
    await postWebhook(await signedEvent(key, { type: 'email.sent', emailId: id }));
    expect(await state()).toBe('sent');
    await postWebhook(await signedEvent(key, { type: 'email.delivery_delayed', emailId: id }));
    expect(await state()).toBe('delayed');
    await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: id }));
    await postWebhook(await signedEvent(key, { type: 'email.delivery_delayed', emailId: id }));
    await postWebhook(await signedEvent(key, { type: 'email.sent', emailId: id }));
    expect(await state()).toBe('delivered');
  });

  it('refuses a forged signature, a changed body or missing headers with 401, changing nothing', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const id = forwards[0]!.provider_id;
    const good = await signedEvent(key, { type: 'email.bounced', emailId: id, bounce: { type: 'Permanent', message: 'no such user' } });
    const forged = await signedEvent(key, { type: 'email.bounced', emailId: id, secret: 'whsec_c29tZW9uZSBlbHNlJ3Mgc2VjcmV0IGtleQ==' });
    const attempts = [
      postWebhook(forged),
      postWebhook({ ...good, body: good.body.replace('no such user', 'no such user!') }),
      postWebhook(good, { 'svix-signature': '' }),
      postWebhook(good, { 'svix-id': 'msg_other' }),
      postWebhook(good, { 'svix-signature': 'v1,AAAA' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toMatch(/realm=/);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized', message: 'The webhook signature is missing, wrong or too old.' } });
    }
    expect((await outboxRows(campaign.slug))[0]).toMatchObject({ delivery: null, delivery_error: null });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM mail_holds WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(campaign.slug).first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT 1 FROM webhook_events WHERE svix_id = ?1').bind(good.headers['svix-id']).first()).toBeNull();
  });

  it('refuses a correctly signed event whose timestamp is more than 5 minutes old (or ahead)', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const now = Math.floor(Date.now() / 1000);
    // Past the 5-minute window either way (with a margin for a slow machine between here and there).
    for (const timestamp of [now - 330, now + 330]) {
      const res = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: forwards[0]!.provider_id, timestamp }));
      expect(res.status).toBe(401);
    }
    const ok = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: forwards[0]!.provider_id, timestamp: now - 240 }));
    expect(ok.status).toBe(200);
    expect((await outboxRows(campaign.slug))[0]?.delivery).toBe('delivered');
  });

  it('ignores a repeated svix-id, even re-signed with other content, and applies two racing copies once', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const id = forwards[0]!.provider_id;
    const first = await signedEvent(key, { type: 'email.delivery_delayed', emailId: id, svixId: 'msg_repeat_1' });
    const [a, b] = await Promise.all([postWebhook(first), postWebhook(first)]);
    expect([(await a.json<{ outcome: string }>()).outcome, (await b.json<{ outcome: string }>()).outcome].sort()).toEqual(['applied', 'duplicate']);
    const again = await postWebhook(await signedEvent(key, { type: 'email.bounced', emailId: id, svixId: 'msg_repeat_1', bounce: { type: 'Permanent' } }));
    expect(await again.json()).toEqual({ received: true, outcome: 'duplicate', type: 'email.bounced' });
    expect((await outboxRows(campaign.slug))[0]).toMatchObject({ delivery: 'delayed', delivery_error: null });
  });

  it('acknowledges and logs an event for a forward it never sent, and acknowledges mail it does not follow and types it does not act on', async () => {
    const { key } = await sentThroughFake();
    const unknown = await postWebhook(await signedEvent(key, { type: 'email.delivered', emailId: 'ffffffff-0000-0000-0000-000000000000', tags: { outbox: 'c999999_s1-1_target' } }));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ received: true, outcome: 'unknown', type: 'email.delivered' });
    // A confirmation request or a sign-in link goes without an outbox tag: nothing to record.
    const untagged = await signedEvent(key, { type: 'email.delivered', emailId: 'eeeeeeee-0000-0000-0000-000000000000' });
    const notOurs = await signedEvent(key, { type: 'email.delivered', emailId: 'x', tags: { outbox: 'i_ana@example-org' } });
    const opened = await signedEvent(key, { type: 'email.opened', emailId: 'x' });
    for (const req of [untagged, notOurs, opened]) {
      expect(await (await postWebhook(req)).json()).toEqual({ received: true, outcome: 'ignored', type: JSON.parse(req.body).type });
      expect(await env.DB.prepare('SELECT 1 FROM webhook_events WHERE svix_id = ?1').bind(req.headers['svix-id']).first()).toBeNull();
    }
    const contact = await postWebhook(await signedEvent(key, { type: 'constructor', emailId: 'x' }));
    expect(await contact.json()).toEqual({ received: true, outcome: 'ignored', type: 'constructor' });
  });

  it('answers 503 to an event that outran the record of its send, storing nothing, and applies the same event once the send is recorded', async () => {
    const campaign = await isolatedCampaign({}, 1);
    const [token] = await seedPending(campaign.slug, 1, () => ({ target: 't0' }));
    await confirm(env.DB, token!);
    const forward = (await outboxRows(campaign.slug)).find((r) => r.receipt_target === 't0')!;
    expect(forward.status).toBe('pending');
    const apiKey = fakeKey();
    const early = await signedEvent(apiKey, { type: 'email.delivered', emailId: 'dddddddd-0000-0000-0000-000000000000', tags: { outbox: forward.idempotency_key.replace(/:/g, '_').replace('.', '-') } });
    const res = await postWebhook(early);
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(await env.DB.prepare('SELECT 1 FROM webhook_events WHERE svix_id = ?1').bind(early.headers['svix-id']).first()).toBeNull();
    // The drainer records the send under the id Resend answered, the one the event names.
    await env.DB.prepare(`UPDATE outbox SET status = 'sent', text_sha256 = ?2, provider_id = ?3 WHERE idempotency_key = ?1`)
      .bind(forward.idempotency_key, 'a'.repeat(64), 'dddddddd-0000-0000-0000-000000000000')
      .run();
    expect(await (await postWebhook(early)).json()).toEqual({ received: true, outcome: 'applied', type: 'email.delivered' });
    expect(await leafOf(forward.receipt_id)).toMatchObject({ outbox_key: forward.idempotency_key, text_sha256: 'a'.repeat(64) });
  });

  it('answers 422 for a signed delivery event without an email id, and 503 when no secret is configured', async () => {
    const { key } = await sentThroughFake();
    const signed = await signedEvent(key, { type: 'email.delivered', emailId: '' });
    expect((await postWebhook(signed)).status).toBe(422);
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${ORIGIN}/api/webhooks/resend`, { method: 'POST', headers: signed.headers, body: signed.body }), { ...env, RESEND_WEBHOOK_SECRET: undefined }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('300');
  });

  it('verifies the same signature the fake computes with node:crypto (Svix scheme)', () => {
    // A vector from Svix's documentation: secret, id, timestamp and body give this signature.
    const sig = svixSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
