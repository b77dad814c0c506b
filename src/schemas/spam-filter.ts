import * as v from 'valibot';
import type { MessageKey } from '../i18n/index';

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** At least 8 hex digits (32 bits): a shorter prefix would match unrelated networks. */
const NETWORK = /^[0-9a-f]{8,64}$/;
/** What an `<input type="datetime-local">` sends (UTC here), or the same with seconds and a Z. */
const MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z?$/;

/** Epoch milliseconds for a UTC date-time that exists (2026-02-31 does not), else null. */
function utcInstant(text: string): number | null {
  const m = MINUTE.exec(text);
  if (!m) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((p) => Number(p ?? 0));
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const exists = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute;
  return exists ? d.getTime() : null;
}

/** An optional part of a filter: absent or empty (an empty form field) is null; else parsed or refused with `message`. */
function part<T>(parse: (s: string) => T | null, message: MessageKey) {
  const given = v.pipe(
    v.string(message),
    v.trim(),
    v.maxLength(300, message),
    v.rawTransform<string, T | null>(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === '') return null;
      const out = parse(dataset.value);
      if (out !== null) return out;
      addIssue({ message });
      return NEVER;
    }),
  );
  // The default goes through the pipe: absent is the same as empty.
  return v.optional(given, '');
}

const fields = {
  // `@bots.example` as pasted from an address works too.
  domain: part((s) => {
    const d = s.toLowerCase().replace(/^@/, '');
    return DOMAIN.test(d) ? d : null;
  }, 'error.admin.spam.domain'),
  network: part((s) => (NETWORK.test(s.toLowerCase()) ? s.toLowerCase() : null), 'error.admin.spam.network'),
  from: part(utcInstant, 'error.admin.spam.from'),
  to: part(utcInstant, 'error.admin.spam.to'),
};

type Parts = { domain: string | null; network: string | null; from: number | null; to: number | null };

/** Something must narrow the filter: marking a whole campaign as spam is never one click. */
const narrows = (f: Parts) => f.domain !== null || f.network !== null || f.from !== null || f.to !== null;
const ordered = (f: Parts) => f.from === null || f.to === null || f.from < f.to;

/** A signature id, absent or empty as null: where a stretch of the preview (db/bulk-spam.ts) starts or ends. */
const stretchEnd = v.optional(
  v.pipe(
    v.union([v.number(), v.string()], 'error.admin.spam.upTo'),
    v.transform(String),
    v.regex(/^([1-9]\d{0,15})?$/, 'error.admin.spam.upTo'),
    v.transform((s) => (s === '' ? null : Number(s))),
  ),
  '',
);

/**
 * The preview's query (or form): a domain, a network, a time window in UTC, any together;
 * and `before`, the id the stretch looked at ends below (the newest when absent).
 */
export const SpamFilterInput = v.pipe(
  v.object({ ...fields, before: stretchEnd }),
  v.forward(v.check((f) => narrows(f), 'error.admin.spam.empty'), ['domain']),
  v.forward(v.check((f) => ordered(f), 'error.admin.spam.order'), ['to']),
);

const upTo = v.pipe(
  v.union([v.number(), v.string()], 'error.admin.spam.upTo'),
  v.transform(String),
  v.regex(/^[1-9]\d{0,15}$/, 'error.admin.spam.upTo'),
  v.transform(Number),
);

/** The action: the same filter and the newest signature id the preview counted, and the lowest (`lowest`) of its stretch. */
export const SpamActionInput = v.pipe(
  v.object({ ...fields, upTo, lowest: stretchEnd }),
  v.forward(v.check((f) => narrows(f), 'error.admin.spam.empty'), ['domain']),
  v.forward(v.check((f) => ordered(f), 'error.admin.spam.order'), ['to']),
);

export type SpamFilterParts = v.InferOutput<typeof SpamFilterInput>;
