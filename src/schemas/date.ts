import * as v from 'valibot';
import type { MessageKey } from '../i18n/index';

// YYYY-MM-DD, optionally THH:MM[:SS[.fff]] and Z or ±HH:MM. The shape only: whether the
// day exists is checked separately (Date.parse would roll 2026-02-31 into March).
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Milliseconds since the epoch for a date or date-time that exists, else null. No offset means UTC. */
export function isoInstant(text: string): number | null {
  const m = SHAPE.exec(text);
  if (!m) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((p) => Number(p ?? 0));
  const offset = offsetMinutes(m[8]);
  if (offset === null || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  // A fraction of one or two digits is tenths or hundredths: .5 is 500 ms.
  d.setUTCHours(hour, minute, second, Number((m[7] ?? '0').padEnd(3, '0')));
  return d.getTime() - offset * 60_000;
}

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * A query-string date (2026-06-16) or ISO 8601 date-time (2026-06-16T08:00:00Z) that exists,
 * as epoch milliseconds: `shape` when it is not written like one, `real` when it names a day
 * or time that does not exist (2026-02-31, 2026-13-01, 24:00).
 */
export function isoDateTime(messages: { shape: MessageKey; real: MessageKey }) {
  return v.pipe(
    v.string(messages.shape),
    v.regex(SHAPE, messages.shape),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const instant = isoInstant(dataset.value);
      if (instant !== null) return instant;
      addIssue({ message: messages.real });
      return NEVER;
    }),
  );
}
