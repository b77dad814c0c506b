/**
 * The crons of wrangler.toml, run by `npm start` on their schedule as Cloudflare runs them
 * in production (`wrangler dev` never fires them by itself). No Node APIs, so tests run it.
 */

/** The cron expressions in `[triggers] crons = [...]` of a wrangler.toml's text. */
export function cronsOf(toml: string): string[] {
  const list = /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
  return [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '').filter((c) => c.trim() !== '');
}

// One field: `*`, `5`, `1-5`, `*/15`, `10-40/10`, or a comma list of those.
function fieldMatches(field: string, value: number, min: number, max: number): boolean {
  return field.split(',').some((part) => {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`cron field "${field}" is not one this runner reads`);
    const from = m[1] === '*' ? min : Number(m[2]);
    const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    return value >= from && value <= to && (value - from) % step === 0;
  });
}

/**
 * Whether a five-field cron expression fires at the minute of `at`, in UTC as Cloudflare's
 * crons do. As in cron, when both day of month and day of week are limited, either may match.
 */
export function cronFires(expr: string, at: Date): boolean {
  const fields = expr.trim().split(/\s+/);
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  if (fields.length !== 5) throw new Error(`cron "${expr}" does not have five fields`);
  const weekday = at.getUTCDay();
  const dowMatches = fieldMatches(dow, weekday, 0, 7) || (weekday === 0 && fieldMatches(dow, 7, 0, 7));
  const domMatches = fieldMatches(dom, at.getUTCDate(), 1, 31);
  const day = dom !== '*' && dow !== '*' ? domMatches || dowMatches : domMatches && dowMatches;
  return fieldMatches(minute, at.getUTCMinutes(), 0, 59) && fieldMatches(hour, at.getUTCHours(), 0, 23) && fieldMatches(month, at.getUTCMonth() + 1, 1, 12) && day;
}

/** Milliseconds from `now` to the start of the next minute. */
export function untilNextMinute(now: number): number {
  return 60_000 - (now % 60_000);
}
