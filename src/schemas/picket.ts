import * as v from 'valibot';
import { COUNTRY_CODES } from '../lib/countries';
import { isTimeZone, LOCAL_TIME, zonedInstant } from '../lib/zoned-time';
import { line } from './text';

/** A picket lasts at most this long (a day's vigil, not a week's camp). */
export const MAX_PICKET_MS = 24 * 3_600_000;

/** The messages of a picket's checks: English sentences for the file, catalog keys for the dashboard form. */
export type PicketMessages<M extends string = string> = Record<'id' | 'country' | 'zone' | 'time' | 'noSuchTime' | 'order' | 'long' | 'place' | 'contact' | 'coords', M>;

/** The file's sentences (the CLI prints them after the field's path). */
export const FILE_MESSAGES: PicketMessages = {
  id: 'must be 1 to 64 lower-case letters, digits and dashes, such as "de-berlin-0616"',
  country: 'must be a two-letter ISO country code such as "DE"',
  zone: 'must be an IANA time zone such as "Europe/Berlin"',
  time: 'must be a local time written YYYY-MM-DDTHH:MM, such as "2027-06-16T12:00"',
  noSuchTime: 'is not a time that exists in this time zone (the clocks skip it)',
  order: 'must be after the start',
  long: 'must be at most 24 hours after the start',
  place: 'a picket needs a target (an id from "targets") or a free "place"',
  contact: 'must be set when "contactPublic" is true',
  coords: '"lat" and "lon" go together: give both or neither',
};

/** The fields a picket has, in the file and (as strings) in the dashboard's form. */
export function picketEntries(m: PicketMessages, text: Parameters<typeof line>[0]) {
  return {
    /** Stable: its page is /c/<slug>/pickets/<id>. */
    id: v.pipe(v.string(m.id), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, m.id)),
    /** A target's id: the picket is at that embassy. */
    target: v.optional(v.pipe(v.string(m.place), v.regex(/^[a-z0-9-]{0,64}$/, m.place))),
    /** Or a free place, such as "Pariser Platz". */
    place: v.optional(line(text, 200), ''),
    city: v.pipe(line(text, 100), v.nonEmpty(m.place)),
    country: v.pipe(v.string(m.country), v.trim(), v.toUpperCase(), v.picklist(COUNTRY_CODES, m.country)),
    start: v.pipe(v.string(m.time), v.trim(), v.regex(LOCAL_TIME, m.time)),
    end: v.pipe(v.string(m.time), v.trim(), v.regex(LOCAL_TIME, m.time)),
    timeZone: v.pipe(v.string(m.zone), v.trim(), v.check(isTimeZone, m.zone)),
    meetingPoint: v.optional(line(text, 300), ''),
    /** Shown on public pages only with `contactPublic`; organisers always see it. */
    contact: v.optional(line(text, 200), ''),
    contactPublic: v.optional(v.boolean(), false),
    lat: v.optional(v.pipe(v.number(m.coords), v.minValue(-90, m.coords), v.maxValue(90, m.coords))),
    lon: v.optional(v.pipe(v.number(m.coords), v.minValue(-180, m.coords), v.maxValue(180, m.coords))),
    status: v.optional(v.picklist(['planned', 'cancelled']), 'planned'),
  };
}

type PicketShape = { start: string; end: string; timeZone: string; target?: string | undefined; place: string; contact: string; contactPublic: boolean; lat?: number | undefined; lon?: number | undefined };

/** The checks across a picket's fields, as [field, message] pairs: times that exist and follow each other, a place, a contact. */
export function picketProblems<M extends string>(p: PicketShape, m: PicketMessages<M>): [keyof PicketShape, M][] {
  const problems: [keyof PicketShape, M][] = [];
  // A bad zone or a malformed time is already named by its own field's check.
  const checkable = isTimeZone(p.timeZone) && LOCAL_TIME.test(p.start) && LOCAL_TIME.test(p.end);
  const start = checkable ? zonedInstant(p.start, p.timeZone) : null;
  const end = checkable ? zonedInstant(p.end, p.timeZone) : null;
  if (checkable && start === null) problems.push(['start', m.noSuchTime]);
  if (checkable && end === null) problems.push(['end', m.noSuchTime]);
  if (start !== null && end !== null && end <= start) problems.push(['end', m.order]);
  if (start !== null && end !== null && end - start > MAX_PICKET_MS) problems.push(['end', m.long]);
  if (!p.target && !p.place) problems.push(['place', m.place]);
  if (p.contactPublic && !p.contact) problems.push(['contact', m.contact]);
  if ((p.lat === undefined) !== (p.lon === undefined)) problems.push(['lat', m.coords]);
  return problems;
}

const entries = picketEntries(FILE_MESSAGES, 'english');
const pickets = v.strictObject(entries);

/** A picket as written in the campaign file's `pickets`. */
export type PicketFile = v.InferOutput<typeof pickets>;

/** The `pickets` field of a campaign file: its own problems, ids unique (targets are checked by the file). */
export const PicketList = v.pipe(
  v.array(pickets),
  v.maxLength(200),
  v.rawCheck<PicketFile[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Set<string>();
    dataset.value.forEach((p, i) => {
      const problems: [keyof PicketFile, string][] = picketProblems(p, FILE_MESSAGES);
      if (seen.has(p.id)) problems.push(['id', `"${p.id}" is already the id of another picket; each picket needs its own id`]);
      seen.add(p.id);
      for (const [field, message] of problems) {
        addIssue({
          message,
          path: [
            { type: 'array', origin: 'value', input: dataset.value, key: i, value: p },
            { type: 'object', origin: 'value', input: p, key: field, value: p[field] },
          ],
        });
      }
    });
  }),
);

/** The picket fields the campaign file's error sentences know. */
export const PICKET_FIELDS = Object.keys(entries);
