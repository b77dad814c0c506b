import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { applyDeliveryEvent } from '../email/delivery-events';
import { toDeliveryEvent, verifyResendWebhook } from '../email/resend-events';
import { AppError } from '../errors';

/**
 * Resend's webhook (mounted at /api): delivery events, Svix-signed with
 * RESEND_WEBHOOK_SECRET. A bad signature or an old timestamp is a 401 that changes
 * nothing; a repeated `svix-id` is acknowledged and ignored; so is an event for a message
 * we never sent (logged), any type we do not act on and mail we do not follow (no outbox
 * tag: only forwards carry one). An event that outran the drainer's record of the send is
 * refused with a 503, so Resend delivers it again later.
 */
const webhooks = new Hono<AppEnv>();

webhooks.post('/webhooks/resend', async (c) => {
  const secret = c.env.RESEND_WEBHOOK_SECRET;
  if (!secret) {
    console.error('webhooks: RESEND_WEBHOOK_SECRET is not set; Resend will retry this event');
    throw new AppError('unavailable', 'error.webhook.unconfigured', [], 300);
  }
  const headers = { id: c.req.header('svix-id') ?? '', timestamp: c.req.header('svix-timestamp') ?? '', signature: c.req.header('svix-signature') ?? '' };
  const payload = await c.req.text();
  const verified = verifyResendWebhook(secret, payload, headers);
  if (!verified.ok) {
    if (verified.reason === 'secret') {
      console.error('webhooks: RESEND_WEBHOOK_SECRET is not a whsec_… secret');
      throw new AppError('unavailable', 'error.webhook.unconfigured', [], 300);
    }
    throw new AppError('unauthorized', 'error.webhook.signature');
  }
  const parsed = toDeliveryEvent(verified.event);
  if (parsed.kind === 'invalid') throw new AppError('validation_failed', 'error.webhook.event');
  if (parsed.kind === 'ignored') return c.json({ received: true, outcome: 'ignored', type: parsed.type });
  const seen = { svixId: headers.id, nonce: crypto.randomUUID(), type: parsed.type };
  const outcome = await applyDeliveryEvent(c.env.DB, parsed.event, seen, Date.now());
  if (outcome === 'early') throw new AppError('unavailable', 'error.webhook.early', [], 5);
  if (outcome === 'unknown') console.warn(`webhooks: ${parsed.type} for unknown message ${parsed.event.key} (email id ${parsed.providerId}, svix-id ${headers.id})`);
  return c.json({ received: true, outcome, type: parsed.type });
});

export default webhooks;
