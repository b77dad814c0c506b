/**
 * Wall-clock times in an IANA time zone, with nothing but `Intl` (which carries the tz
 * database): is a zone real, which UTC instant is "2027-06-16T12:00 in Europe/Berlin",
 * and what does an instant read as in a zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is a time zone the runtime knows (`Europe/Berlin`, `UTC`), not an offset or an abbreviation. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) || zone.length > 64) return false;
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DDTHH:MM`: a local wall-clock time as the campaign file and forms write it. */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The wall-clock reading of `instant` in `zone`, as `YYYY-MM-DDTHH:MM`. */
export function localTimeOf(instant: number, zone: string): string {
  const parts = Object.fromEntries(partsFormatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

function wallAsUtc(local: string): number | null {
  const m = LOCAL_TIME.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  // Date.UTC rolls 2027-02-30 over into March: such a date is not a date.
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return ms;
}

/**
 * The UTC instant (ms) of wall-clock `local` in `zone`; null when it is not a time (bad
 * format, 30 February) or does not exist there (skipped by a DST change, such as 02:30 on
 * the last Sunday of March in Europe/Berlin). A time that happens twice (clocks going
 * back) is the first of the two.
 */
export function zonedInstant(local: string, zone: string): number | null {
  const wall = wallAsUtc(local);
  if (wall === null || !isTimeZone(zone)) return null;
  const offsetAt = (instant: number) => (wallAsUtc(localTimeOf(instant, zone)) ?? instant) - instant;
  // Try the offsets in force a day either side: at most two differ around any change.
  const candidates = [...new Set([offsetAt(wall - 86_400_000), offsetAt(wall), offsetAt(wall + 86_400_000)])]
    .map((offset) => wall - offset)
    .filter((instant) => localTimeOf(instant, zone) === local)
    .sort((a, b) => a - b);
  return candidates[0] ?? null;
}
