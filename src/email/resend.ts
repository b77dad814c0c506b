import { Resend } from 'resend';
import type { Mailer, OutgoingEmail, SendResult } from './mailer';

/** How long one provider call may take before it counts as an ambiguous failure. */
const TIMEOUT_MS = 10_000;

function retryAfterMs(headers: Record<string, string> | null): number | null {
  const value = headers?.['retry-after'];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function toPayload(e: OutgoingEmail) {
  return {
    from: e.from,
    to: e.to,
    ...(e.cc.length ? { cc: e.cc } : {}),
    ...(e.replyTo ? { replyTo: e.replyTo } : {}),
    subject: e.subject,
    text: e.text,
    html: e.html,
  };
}

/**
 * Resend through its SDK. A single email goes to `POST /emails`, several to
 * `POST /emails/batch` (strict validation: all or none). The SDK never throws; it
 * answers `{ data, error, headers }`, and `error.statusCode` is null when no answer came.
 */
export function resendMailer(apiKey: string, baseUrl?: string): Mailer {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    maxBatch: 100,
    async sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult> {
      const options = { idempotencyKey, signal: AbortSignal.timeout(TIMEOUT_MS) };
      const single = emails.length === 1 && emails[0];
      const { data, error, headers } = single
        ? await resend.emails.send(toPayload(single), options)
        : await resend.batch.send(emails.map(toPayload), options);
      if (!error) {
        const ids = single ? [data && 'id' in data ? data.id : null] : emails.map((_, i) => (data && 'data' in data ? data.data[i]?.id ?? null : null));
        return { ok: true, providerIds: ids };
      }
      const status = error.statusCode ?? null;
      const message = `${status ?? 'network'} ${error.name}: ${error.message}`;
      if (status === 409 && /idempot/i.test(`${error.name} ${error.message}`)) {
        // The key was used before with another payload: the first request went through.
        return { ok: true, providerIds: emails.map(() => null) };
      }
      if (status === 429) return { ok: false, permanent: false, ambiguous: false, retryAfterMs: retryAfterMs(headers), error: message };
      if (status !== null && status >= 400 && status < 500) {
        return { ok: false, permanent: true, ambiguous: false, retryAfterMs: null, error: message };
      }
      return { ok: false, permanent: false, ambiguous: true, retryAfterMs: null, error: message };
    },
  };
}
