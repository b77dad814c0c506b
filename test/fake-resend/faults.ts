/** What the fake can do wrong, instead of answering 200. */
export type FaultKind = '429' | '500' | 'slow' | 'drop' | '422' | 'daily-quota' | 'monthly-quota';

/**
 * Faults for one API key. `rates` are probabilities per send request (drawn from a
 * seeded generator, so a run is repeatable); `next` forces the next requests' faults in
 * order ('ok' for none); `rejectRecipient` answers 422 for any email to an address
 * containing it. `slow` and `drop` happen after the mail is sent: the client cannot
 * know it went out, which is what idempotency keys are for. `quota` is the account's
 * plan: emails a day and a month, every To and CC address counted (Resend's free plan:
 * 100 and 3,000); a send that would pass one is refused whole with Resend's 429
 * `daily_quota_exceeded` or `monthly_quota_exceeded`, as `daily-quota`/`monthly-quota` force.
 */
export type Faults = {
  rates?: Partial<Record<FaultKind, number>>;
  next?: (FaultKind | 'ok')[];
  rejectRecipient?: string;
  retryAfterSeconds?: number;
  seed?: number;
  quota?: { daily?: number; monthly?: number };
};

/** Resend's answers when a quota is spent (https://resend.com/docs/api-reference/errors). */
export const QUOTA_ERRORS = {
  'daily-quota': { name: 'daily_quota_exceeded', message: 'You have reached your daily email sending quota.' },
  'monthly-quota': { name: 'monthly_quota_exceeded', message: 'You have reached your monthly email sending quota.' },
} as const;

/** The quota a send of `recipients` would pass, given what went out already (all within a test: one day, one month). */
export function quotaPassed(faults: Faults, sentRecipients: number, recipients: number): 'daily-quota' | 'monthly-quota' | null {
  const after = sentRecipients + recipients;
  if (faults.quota?.monthly !== undefined && after > faults.quota.monthly) return 'monthly-quota';
  if (faults.quota?.daily !== undefined && after > faults.quota.daily) return 'daily-quota';
  return null;
}

/** A small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault for this request, if any. */
export function pickFault(faults: Faults, random: () => number): FaultKind | null {
  const forced = faults.next?.shift();
  if (forced) return forced === 'ok' ? null : forced;
  const roll = random();
  let edge = 0;
  for (const [kind, rate] of Object.entries(faults.rates ?? {}) as [FaultKind, number][]) {
    edge += rate;
    if (roll < edge) return kind;
  }
  return null;
}
