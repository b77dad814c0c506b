/**
 * The platform's documented limits, in one place, each with its source. Tests hold every
 * invocation to them (test/limits/), the drainer and the sweeps size their work by them, and
 * the benchmark reports against them. When a figure changes upstream, change it here.
 *
 * CPU time cannot be measured in the tests (timers do not advance while workerd runs a Worker):
 * the benchmark measures it, and the tests count everything else (docs/testing.md).
 *
 * Sources (read 2026-12):
 * - D1 limits: https://developers.cloudflare.com/d1/platform/limits/
 * - D1 pricing (rows read/written): https://developers.cloudflare.com/d1/platform/pricing/
 * - Workers limits: https://developers.cloudflare.com/workers/platform/limits/
 * - Cache API on workers.dev: https://developers.cloudflare.com/workers/runtime-apis/cache/
 * - Resend batch sending: https://resend.com/docs/dashboard/emails/batch-sending
 * - Resend quotas: https://resend.com/docs/knowledge-base/account-quotas-and-limits
 * - Resend rate limit: https://resend.com/docs/api-reference/rate-limit
 * - Resend send email (`to`: max 50): https://resend.com/docs/api-reference/emails/send-email
 * - Resend tags: https://resend.com/changelog/tags-for-batch-and-scheduled-emails
 */

/** D1, per statement and per batch (both plans). */
export const D1 = {
  /** "Maximum bound parameters per query: 100". */
  maxBoundParameters: 100,
  /** "Maximum SQL statement length: 100,000 bytes (100 KB)". */
  maxStatementBytes: 100_000,
  /** "Maximum SQL query duration: 30 seconds"; a batch is one transaction, so one budget. */
  maxQueryMs: 30_000,
  /** "Maximum string, BLOB or table row size: 2,000,000 bytes". */
  maxRowBytes: 2_000_000,
  /** "Maximum database size: 500 MB (Free) / 10 GB (Workers Paid)". */
  maxDatabaseBytes: { free: 500_000_000, paid: 10_000_000_000 },
  /** Pricing: rows read a day (Free) and included a month (Paid). */
  rowsRead: { freePerDay: 5_000_000, paidIncludedPerMonth: 25_000_000_000 },
  /** Pricing: rows written a day (Free) and included a month (Paid). */
  rowsWritten: { freePerDay: 100_000, paidIncludedPerMonth: 50_000_000 },
  /** Paid overage, US dollars per million rows. */
  overageUsdPerMillion: { read: 0.001, written: 1 },
} as const;

/** A plan's limits on one Worker invocation (a request, a cron run, with their waitUntil). */
export type InvocationProfile = {
  name: 'free' | 'paid';
  /**
   * Subrequests ("50/request" Free, "10,000/request" Paid): D1 queries, fetches and Cache API
   * calls together.
   */
  maxSubrequests: number;
  /**
   * D1 queries among them ("Queries per Worker invocation (read subrequest limits): 1000
   * (Workers Paid) / 50 (Free)"). Each statement of a batch is counted as a query: the strict
   * reading, since the docs do not say how a batch counts.
   */
  maxD1Queries: number;
  /**
   * CPU time per invocation, in ms ("10 ms" on Free; on Paid 30 s unless `limits.cpu_ms` in
   * wrangler.toml raises it, up to "5 min").
   */
  maxCpuMs: number;
  /** Requests a day for the whole account (Free), after which every route answers error 1027. */
  requestsPerDay: number | null;
};

/** Workers Free: what every invocation is held to unless README says an operation needs Paid. */
export const WORKERS_FREE: InvocationProfile = { name: 'free', maxSubrequests: 50, maxD1Queries: 50, maxCpuMs: 10, requestsPerDay: 100_000 };
/** Workers Paid (Standard), with the default CPU limit. */
export const WORKERS_PAID: InvocationProfile = { name: 'paid', maxSubrequests: 10_000, maxD1Queries: 1000, maxCpuMs: 30_000, requestsPerDay: null };

/** Resend. */
export const RESEND = {
  /** Emails in one call to the batch endpoint. */
  maxBatchEmails: 100,
  /** Recipients (`to`) of one email ("Max 50"). */
  maxRecipientsPerEmail: 50,
  /**
   * Free plan: emails a day and a month; every To, CC and BCC address counts as one, and so
   * does every email received.
   */
  free: { emailsPerDay: 100, emailsPerMonth: 3_000 },
  /** First paid tier (Pro): no daily cap, emails a month. */
  pro: { emailsPerDay: null, emailsPerMonth: 50_000 },
  /** Default API rate: "5 requests per second per team" (2 in earlier versions of the page). */
  requestsPerSecond: 5,
  /** Idempotency keys: at most this long, remembered for 24 hours. */
  maxIdempotencyKeyLength: 256,
  /** A tag's name and value: ASCII letters, numbers, underscores or dashes, at most 256 characters. */
  tagPattern: /^[A-Za-z0-9_-]{1,256}$/,
} as const;

/** Cache API: operations on `*.workers.dev` hosts do nothing; only custom domains cache. */
export function cacheWorksOn(hostname: string): boolean {
  return !hostname.endsWith('.workers.dev');
}

/**
 * Workers Paid pricing (https://developers.cloudflare.com/workers/platform/pricing/): the plan's
 * monthly fee, the requests it includes a month, and the price of each million more.
 */
export const WORKERS_PAID_PRICING = { usdPerMonth: 5, requestsIncludedPerMonth: 10_000_000, overageUsdPerMillionRequests: 0.3 } as const;
