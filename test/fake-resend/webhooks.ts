/**
 * Webhook events as Resend sends them: a JSON event signed with the Svix scheme
 * (`svix-id`, `svix-timestamp`, `svix-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * under the base64 key after `whsec_`). Written here with node:crypto, independently of
 * the app's verifier (the Resend SDK's), so a test shows the two agree.
 */
import { createHmac, randomUUID } from 'node:crypto';

export type WebhookRequest = { headers: Record<string, string>; body: string };

/** What a test asks the fake to sign: an event about one email it delivered (or any id). */
export type WebhookAsk = {
  secret: string;
  type: string;
  emailId: string;
  bounce?: { type: string; subType?: string; message?: string };
  /** The mail's tags as the event carries them (left out: those it was sent with). */
  tags?: Record<string, string>;
  /** The svix-id (random when left out: a fresh delivery). */
  svixId?: string;
  /** Seconds since the epoch (now when left out): an old one tests the 5-minute window. */
  timestamp?: number;
};

/** The Svix signature header value for a body. */
export function svixSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * A signed event, shaped like Resend's (`{ type, created_at, data: { email_id, to, subject,
 * tags, … } }`): the tags the mail was sent with come back as an object, name to value.
 */
export function signedEvent(ask: WebhookAsk, email?: { to: string[]; from: string; subject: string; tags?: { name: string; value: string }[] }): WebhookRequest {
  const timestamp = ask.timestamp ?? Math.floor(Date.now() / 1000);
  const id = ask.svixId ?? `msg_${randomUUID()}`;
  const created = new Date(timestamp * 1000).toISOString();
  const data = {
    created_at: created,
    email_id: ask.emailId,
    from: email?.from ?? 'campaigns@solidarity.example',
    to: email?.to ?? [],
    subject: email?.subject ?? '',
    ...(ask.tags ? { tags: ask.tags } : email?.tags ? { tags: Object.fromEntries(email.tags.map((t) => [t.name, t.value])) } : {}),
    ...(ask.bounce ? { bounce: { message: ask.bounce.message ?? '', subType: ask.bounce.subType ?? 'General', type: ask.bounce.type } } : {}),
  };
  const body = JSON.stringify({ type: ask.type, created_at: created, data });
  return {
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': svixSignature(ask.secret, id, timestamp, body) },
    body,
  };
}
