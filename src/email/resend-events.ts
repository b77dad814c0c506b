import { Resend } from 'resend';
import * as v from 'valibot';
import type { DeliveryState } from '../db/delivery-events';
import { type ResendEvent, ResendEventSchema } from '../schemas/resend-event';
import type { DeliveryEvent } from './delivery-events';
import { keyOfTag, OUTBOX_TAG } from './resend-tag';

/** The event types that say something about a message's delivery; others are acknowledged and ignored. */
const STATES = new Map<string, DeliveryState>([
  ['email.sent', 'sent'],
  ['email.delivered', 'delivered'],
  ['email.delivery_delayed', 'delayed'],
  ['email.bounced', 'bounced'],
  ['email.complained', 'complained'],
  // Resend refused to send (its suppression list: the address bounced or complained for
  // another sender) or could not: nothing was delivered, and the address fails as a hard
  // bounce does, so its mail is held instead of being sent into the same wall.
  ['email.suppressed', 'bounced'],
  ['email.failed', 'bounced'],
]);

/** What Resend's dashboard shows as the signing secret: `whsec_` and base64. */
const SECRET = /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/;

/** The Svix headers Resend signs a webhook with. */
export type SvixHeaders = { id: string; timestamp: string; signature: string };

export type Verified = { ok: true; event: unknown } | { ok: false; reason: 'signature' | 'secret' };

// The SDK's verifier needs no API key, but its constructor asks for one: it is never used.
const verifier = new Resend('re_webhook_verification_only');

/**
 * Checks a webhook's Svix signature with the Resend SDK's verifier (the `standardwebhooks`
 * library): an HMAC-SHA256 of `id.timestamp.body` under the `whsec_…` secret, compared in
 * constant time, and a timestamp within 5 minutes of now either way.
 */
export function verifyResendWebhook(secret: string, payload: string, headers: SvixHeaders): Verified {
  if (!SECRET.test(secret)) return { ok: false, reason: 'secret' };
  try {
    return { ok: true, event: verifier.webhooks.verify({ payload, headers, webhookSecret: secret }) };
  } catch {
    // A bad or missing signature, a timestamp out of the window, or a body that is no JSON.
    return { ok: false, reason: 'signature' };
  }
}

/** A hard bounce fails the address; a transient one (mailbox full, a greylist) does not. */
function addressFails(event: ResendEvent, state: DeliveryState): boolean {
  if (state === 'complained' || event.type === 'email.suppressed' || event.type === 'email.failed') return true;
  if (state !== 'bounced') return false;
  const type = event.data?.bounce?.type?.toLowerCase();
  return type !== 'transient' && type !== 'undetermined';
}

function reasonOf(event: ResendEvent, state: DeliveryState): string | null {
  if (state === 'complained') return 'the recipient reported this message as spam';
  if (event.type === 'email.suppressed') return `suppressed by Resend${event.data?.suppressed?.message ? `: ${event.data.suppressed.message}` : ' (the address is on its suppression list)'}`;
  if (event.type === 'email.failed') return `failed at Resend${event.data?.failed?.reason ? `: ${event.data.failed.reason}` : ''}`;
  const b = event.data?.bounce;
  if (!b) return state === 'bounced' ? 'bounced' : null;
  return [b.type, b.subType].filter(Boolean).join('/') + (b.message ? `: ${b.message}` : '');
}

/** A delivery event about one of our forwards, with the provider's id of it (for logs). */
export type ParsedEvent =
  | { kind: 'event'; type: string; providerId: string; event: DeliveryEvent }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid' };

/**
 * A verified payload as a delivery event: `ignored` for a type we do not act on or mail
 * that carries no outbox tag (only forwards do), `invalid` for a delivery event without an
 * email id (or not an event at all).
 */
export function toDeliveryEvent(payload: unknown): ParsedEvent {
  const parsed = v.safeParse(ResendEventSchema, payload);
  if (!parsed.success) return { kind: 'invalid' };
  const event = parsed.output;
  const state = STATES.get(event.type);
  if (!state) return { kind: 'ignored', type: event.type };
  const providerId = event.data?.email_id;
  if (!providerId) return { kind: 'invalid' };
  const key = keyOfTag(event.data?.tags?.[OUTBOX_TAG]);
  if (!key) return { kind: 'ignored', type: event.type };
  return { kind: 'event', type: event.type, providerId, event: { key, state, error: reasonOf(event, state), addressFails: addressFails(event, state), providerId } };
}
