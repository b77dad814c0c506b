import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type MessageKey, type Translate, translator, type Vars } from './i18n/index';

const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  campaign_closed: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;

/** A field-level problem, as returned in `error.issues` (in the request's language). */
export type FieldIssue = { field: string; message: string };

/** A field-level problem before translation: a message key and its values. */
export type Issue = { field: string; key: MessageKey; vars?: Vars };

const english = translator('en');

/**
 * The one error type: a code that maps to an HTTP status and a message key, translated
 * into the request's language when answered (`message` is the English, for logs).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly issues: Issue[] = [],
    /** Seconds until a retry can succeed (sent as Retry-After). */
    readonly retryAfter?: number,
    readonly vars: Vars = {},
  ) {
    super(english(key, vars));
  }

  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }

  /** The message and the issues in the language of `t`. */
  localized(t: Translate): { message: string; issues: FieldIssue[] } {
    return { message: t(this.key, this.vars), issues: this.issues.map((i) => ({ field: i.field, message: t(i.key, i.vars) })) };
  }
}
