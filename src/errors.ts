import type { ContentfulStatusCode } from 'hono/utils/http-status';

const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  campaign_closed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;

/** A field-level problem, as returned in `error.issues`. */
export type FieldIssue = { field: string; message: string };

/** The one error type: a code that maps to an HTTP status and a message users can read. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Seconds until a retry can succeed (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }
}
