import { Resend } from 'resend';
import type { FailureKind, Mailer, OutgoingEmail, SendResult } from './mailer';
import { OUTBOX_TAG, tagOfKey } from './resend-tag';

/** How long one provider call may take before it counts as an ambiguous failure. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export type ResendOptions = { baseUrl?: string; timeoutMs?: number };

function retryAfterMs(headers: Record<string, string> | null): number | null {
  const value = headers?.['retry-after'];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function toPayload(e: OutgoingEmail) {
  const tag = tagOfKey(e.idempotencyKey);
  return {
    from: e.from,
    to: e.to,
    ...(e.cc.length ? { cc: e.cc } : {}),
    ...(e.replyTo ? { replyTo: e.replyTo } : {}),
    subject: e.subject,
    text: e.text,
    html: e.html,
    // Resend's documented header for a per-message reference (it also stops Gmail threading).
    headers: { ...e.headers, 'X-Entity-Ref-ID': e.idempotencyKey },
    ...(tag ? { tags: [{ name: OUTBOX_TAG, value: tag }] } : {}),
  };
}

/** Resend's quota errors (429) and when each quota is new again: UTC midnight, the first of next month. */
const QUOTA_RESETS: Record<string, (now: number) => number> = {
  daily_quota_exceeded: (now) => Math.floor(now / 86_400_000 + 1) * 86_400_000,
  monthly_quota_exceeded: (now) => {
    const d = new Date(now);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  },
};

/** Milliseconds until the quota named by a 429's error name resets, or null for another name. */
export function quotaWaitMs(name: string, now: number): number | null {
  const reset = QUOTA_RESETS[name];
  return reset ? reset(now) - now : null;
}

/**
 * Sorts a Resend error into what the drainer must do. Resend answers errors as
 * `{ statusCode, name, message }`; the SDK sets `statusCode: null` when no answer came.
 */
export function classify(status: number | null, name: string): FailureKind | 'already-sent' {
  if (status === null || status >= 500) return 'ambiguous';
  if (status === 429) return QUOTA_RESETS[name] ? 'quota' : 'throttled';
  if (name === 'concurrent_idempotent_requests') return 'in-flight';
  // The key already carried another payload: Resend only keeps keys of requests it took,
  // so the message went out; sending it under a new key would be a duplicate.
  if (name === 'invalid_idempotent_request') return 'already-sent';
  if (status === 401 || status === 403 || status === 404 || status === 405) return 'config';
  if (status >= 400) return 'rejected';
  return 'ambiguous';
}

/**
 * Resend through its SDK. A single email goes to `POST /emails`, several to
 * `POST /emails/batch` (strict validation: all or none), each under the given
 * `Idempotency-Key`. The SDK never throws; it answers `{ data, error, headers }`.
 */
export function resendMailer(apiKey: string, options: ResendOptions = {}): Mailer {
  const resend = new Resend(apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, '') } : undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: 'resend',
    maxBatch: 100,
    async sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult> {
      const request = { idempotencyKey, signal: AbortSignal.timeout(timeoutMs) };
      const single = emails.length === 1 ? emails[0] : undefined;
      const { data, error, headers } = single
        ? await resend.emails.send(toPayload(single), request)
        : await resend.batch.send(emails.map(toPayload), request);
      if (!error) {
        const ids = single
          ? [data && 'id' in data ? data.id : null]
          : emails.map((_, i) => (data && 'data' in data ? (data.data[i]?.id ?? null) : null));
        return { ok: true, providerIds: ids };
      }
      const status = typeof error.statusCode === 'number' ? error.statusCode : null;
      const message = `${status ?? 'no answer'} ${error.name}: ${error.message}`;
      const kind = classify(status, error.name);
      if (kind === 'already-sent') return { ok: true, providerIds: emails.map(() => null) };
      // The drainer reckons the reset from its own clock (quotaWaitMs).
      if (kind === 'quota') return { ok: false, kind, retryAfterMs: null, error: message, code: error.name };
      const wait = kind === 'throttled' ? (retryAfterMs(headers) ?? 10_000) : kind === 'in-flight' ? 10_000 : kind === 'config' ? 300_000 : null;
      return { ok: false, kind, retryAfterMs: wait, error: message };
    },
  };
}
