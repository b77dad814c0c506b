/**
 * `next_attempt_at` of held mail: the end of time (the largest JS date). Held mail stays
 * pending but is never due, so no claim walks over it, however much piles up for a
 * bouncing address.
 */
export const HELD_UNTIL = 8_640_000_000_000_000;

/** Mail to one address shares one send budget: its throttle key. */
export function throttleKey(address: string): string {
  return `to:${address}`;
}

/** SQL: milliseconds between two messages at a per-hour rate given as SQL. */
export const gapSql = (perHour: string) => `CAST((3599999 + ${perHour}) / ${perHour} AS INTEGER)`;

/** SQL: the bucket's size at a per-hour rate: a minute's worth (the cron's period), at least one. */
export const burstSql = (perHour: string) => `max(1, CAST(${perHour} / 60 AS INTEGER))`;
