import * as v from 'valibot';
import { LOCALES } from '../i18n/index';
import { COUNTRY_CODES } from '../lib/countries';
import { isoInstant } from './date';
import { type FileShape, describeIssues, sentence, shown } from './campaign-file-errors';
import { PICKET_FIELDS, PicketList } from './picket';
import { emailAddress, line, paragraph } from './text';

/** A campaign's slug, its URL `/c/<slug>`: also what `npm run campaign -- new` accepts. */
export const CampaignSlug = v.pipe(
  v.string(),
  // Two at least: the database holds slugs of 2 to 64 characters.
  v.regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, 'must be 2 to 64 lower-case letters, digits and dashes, not starting or ending with a dash'),
);

/** The largest goal or milestone: far beyond any campaign, and a whole number SQLite stores exactly. */
const MAX_GOAL = 1_000_000_000;

const languageCode = v.pipe(v.string(), v.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as "en" or "pt-BR"'));

const target = v.strictObject({
  /** Stable id used by the form and API; keep it when editing the target. */
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'must be 1 to 64 lower-case letters, digits and dashes, such as "fr-paris"')),
  name: v.pipe(line('english', 200), v.nonEmpty('must not be empty')),
  country: v.picklist(COUNTRY_CODES, 'must be a two-letter ISO country code such as "DE"'),
  email: emailAddress,
  locale: v.optional(languageCode),
  /** The name in other interface languages (`{ "ru": "…", "kk": "…" }`); `name` is the fallback. */
  names: v.optional(v.record(v.picklist(LOCALES, `must be a supported language code: ${LOCALES.join(', ')}`), v.pipe(line('english', 200), v.nonEmpty('must not be empty'))), {}),
});

/**
 * The picture shown with the campaign and in link previews (`og:image`): a PNG or JPEG under
 * public/ (`/images/x.png`; the CLI checks the file exists) or an https URL. An image
 * elsewhere is used for previews only: the page itself loads nothing from another origin.
 */
const image = v.union(
  [
    v.pipe(v.string(), v.regex(/^(?!.*\/\/)(?!.*\.\.)\/[A-Za-z0-9._/-]+\.(png|jpe?g)$/i)),
    v.pipe(v.string(), v.maxLength(2000), v.url(), v.startsWith('https://'), v.check((u) => !/["'<>\s]/.test(u))),
  ],
  'must be a PNG or JPEG under public/ such as "/images/campaign.png", or an https:// URL',
);

const closesAt = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be a date and time with its zone, such as "2026-12-31T18:00:00Z"'),
  v.check((s) => isoInstant(s) !== null, 'must be a date and time that exists'),
  v.check((s) => (isoInstant(s) ?? 1) > 0, 'must be after 1970'),
);

const mail = v.strictObject({
  senderName: v.pipe(line('english', 100), v.nonEmpty('must not be empty')),
  to: emailAddress,
  cc: v.optional(v.pipe(v.array(emailAddress), v.maxLength(10)), []),
  /**
   * The campaign's own copy of each confirmed message: each (one email per message), digest
   * (one email a day listing the day's messages), none (count only; nothing is forwarded,
   * not even to targets).
   */
  forward: v.optional(v.picklist(['each', 'digest', 'none']), 'each'),
  /** Templates: {name} {city} {country} {message} {campaign} are filled in. */
  subject: v.optional(line('english', 200), 'Solidarity message from {name}, {city}'),
  body: v.optional(paragraph('english', 5000), '{message}\n\n{name}, {city}, {country}'),
  /** Mail to one target is spread out to at most this many an hour. */
  targetPerHour: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600)), 30),
  /** The campaign's own inbox takes more. */
  campaignPerHour: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36000)), 600),
});

const privacy = v.strictObject({
  controller: v.pipe(line('english', 200), v.nonEmpty('must not be empty')),
  contact: emailAddress,
  /** Days after the campaign closes until signatures are anonymised. */
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 365),
  /** Recorded with every signature, so consent can be traced to the text that was shown. */
  consentVersion: v.optional(v.pipe(line('english', 40), v.nonEmpty('must not be empty')), '1'),
});

const domain = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as "example.org"'));

const abuse = v.strictObject({
  /** Refuse well-known throwaway-mail domains. */
  blockDisposable: v.optional(v.boolean(), true),
  blockedDomains: v.optional(v.pipe(v.array(domain), v.maxLength(1000)), []),
  blockedEmails: v.optional(v.pipe(v.array(emailAddress), v.maxLength(10000)), []),
});

const translationMail = v.strictObject({
  subject: v.optional(line('english', 200)),
  body: v.optional(paragraph('english', 5000)),
  /** The name mail to supporters of this language comes from, and the ledger shows for the campaign's address. */
  senderName: v.optional(v.pipe(line('english', 100), v.nonEmpty('must not be empty'))),
});

/** A picket's place in another language, by the picket's id: its city, free place and meeting point. */
const translationPicket = v.strictObject({
  city: v.optional(v.pipe(line('english', 100), v.nonEmpty('must not be empty'))),
  place: v.optional(line('english', 200)),
  meetingPoint: v.optional(line('english', 300)),
});

/** The campaign's text in another language; any field left out falls back to the main language. */
const translation = v.strictObject({
  title: v.optional(v.pipe(line('english', 200), v.nonEmpty('must not be empty'))),
  summary: v.optional(line('english', 500)),
  body: v.optional(paragraph('english', 20000)),
  demands: v.optional(v.pipe(v.array(line('english', 500)), v.maxLength(50))),
  mail: v.optional(translationMail),
  privacy: v.optional(v.strictObject({ controller: v.optional(v.pipe(line('english', 200), v.nonEmpty('must not be empty'))) })),
  /**
   * By picket id (`pickets[].id`), such as { "de-berlin-0616": { "city": "Берлин" } }. One for a
   * picket no longer in the file is kept and unused, as a removed target's names are.
   */
  pickets: v.optional(v.pipe(v.record(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'must be the id of a picket')), translationPicket), v.check((r) => Object.keys(r).length <= 200, 'must have at most 200 pickets'))),
});

type Target = v.InferOutput<typeof target>;

/** Target ids are what the form and API send, so two targets may not share one. */
const uniqueIds = v.rawCheck<Target[]>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  const first = new Map<string, number>();
  dataset.value.forEach((t, i) => {
    const seen = first.get(t.id);
    if (seen === undefined) return void first.set(t.id, i);
    addIssue({
      message: `"${t.id}" is already the id of targets[${seen}]; each target needs its own id`,
      path: [
        { type: 'array', origin: 'value', input: dataset.value, key: i, value: t },
        { type: 'object', origin: 'value', input: t, key: 'id', value: t.id },
      ],
    });
  });
});

const fileObject = v.strictObject({
    $schema: v.optional(v.string()),
    slug: CampaignSlug,
    /** `draft`: visible only to its organisers (a preview), nobody can sign it. */
    status: v.optional(v.picklist(['draft', 'open', 'closed'], 'must be "draft", "open" or "closed"'), 'open'),
    /** When an open campaign closes by itself: an ISO date-time such as "2026-12-31T18:00:00Z". */
    closesAt: v.optional(closesAt),
    locale: v.optional(languageCode, 'en'),
    title: v.pipe(line('english', 200), v.nonEmpty('must not be empty')),
    summary: v.optional(line('english', 500), ''),
    body: v.optional(paragraph('english', 20000), ''),
    demands: v.optional(v.pipe(v.array(line('english', 500)), v.maxLength(50)), []),
    goal: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_GOAL)),
    image: v.optional(image),
    /** Goals shown once `goal` is passed, ascending; after the last, the next round number. */
    milestones: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_GOAL))), v.maxLength(20)), []),
    mail,
    privacy,
    /** Who may sign in to the dashboard and export signatures. */
    organisers: v.optional(v.pipe(v.array(emailAddress), v.maxLength(50)), []),
    /** The public wall: `approve-first` shows a message once approved; `show-first` until hidden. */
    moderation: v.optional(v.picklist(['approve-first', 'show-first']), 'show-first'),
    abuse: v.optional(abuse, {}),
    /** One reminder to a supporter whose signature is still unconfirmed 48 hours after signing. */
    reminder: v.optional(v.boolean(), true),
    /** An email to the organisers when the count reaches the goal and each milestone, once each. */
    milestoneMail: v.optional(v.boolean(), true),
    /**
     * Off unless given: a target that has not answered `afterDays` after its first delivery gets
     * one short letter from the campaign (how many messages it received, the public ledger),
     * again at most every `everyDays` (issue 28).
     */
    followUp: v.optional(
      v.object({
        afterDays: v.optional(v.pipe(v.number(), v.integer('must be a whole number of days'), v.minValue(7), v.maxValue(90)), 14),
        everyDays: v.optional(v.pipe(v.number(), v.integer('must be a whole number of days'), v.minValue(7), v.maxValue(365)), 30),
      }),
    ),
    /** By language code, e.g. "ru", "kk": see src/i18n. */
    translations: v.optional(v.record(v.picklist(LOCALES, `must be a supported language code: ${LOCALES.join(', ')}`), translation), {}),
    targets: v.optional(v.pipe(v.array(target), v.maxLength(500), uniqueIds), []),
    /**
     * Pickets at the targets or other places (issue 18); see src/schemas/picket.ts. A `target`
     * that is not (or no longer) one of `targets` leaves the picket shown by its place and city.
     */
    pickets: v.optional(PicketList, []),
});

/** A campaign as written in `campaigns/*.json`. */
export const CampaignFileSchema = v.pipe(
  fileObject,
  v.forward(
    v.check(
      (c) => c.milestones.every((m, i) => m > (i === 0 ? c.goal : (c.milestones[i - 1] ?? 0))),
      (issue) => `must go up, each above the one before and the first above the goal (${issue.input.goal})`,
    ),
    ['milestones'],
  ),
);

export type CampaignFile = v.InferOutput<typeof CampaignFileSchema>;

// What the error sentences say about a missing field or object, by path pattern.
const SHAPE: FileShape = {
  missing: {
    slug: 'the campaign\'s address, such as "my-campaign" (its page is then /c/my-campaign)',
    title: 'the campaign\'s title',
    goal: 'the number of signatures to aim for, such as 1000',
    'mail.senderName': 'the name mail is sent from, such as "Zhanaozen Solidarity"',
    'mail.to': 'the address every confirmed message goes to',
    'privacy.controller': 'who is responsible for the signatures: a name and a postal address',
    'privacy.contact': 'an email address for privacy questions',
    'targets[].id': 'a short stable id such as "fr-paris"',
    'targets[].name': 'the name supporters choose from, such as "Embassy in Paris, France"',
    'targets[].country': 'a two-letter ISO country code such as "FR"',
    'targets[].email': 'the target\'s email address',
    'pickets[].id': 'a short stable id such as "de-berlin-0616" (its page is /c/<slug>/pickets/<id>)',
    'pickets[].city': 'the city, such as "Berlin"',
    'pickets[].country': 'a two-letter ISO country code such as "DE"',
    'pickets[].start': 'the local start time, such as "2027-06-16T12:00"',
    'pickets[].end': 'the local end time, such as "2027-06-16T14:00"',
    'pickets[].timeZone': 'the IANA time zone of those times, such as "Europe/Berlin"',
  },
  fields: {
    '': Object.keys(fileObject.entries),
    mail: Object.keys(mail.entries),
    privacy: Object.keys(privacy.entries),
    abuse: Object.keys(abuse.entries),
    'targets[]': Object.keys(target.entries),
    'pickets[]': PICKET_FIELDS,
    ...Object.fromEntries(LOCALES.flatMap((l) => [[`translations.${l}`, Object.keys(translation.entries)], [`translations.${l}.mail`, Object.keys(translationMail.entries)]])),
  },
};

/** A campaign file that failed validation; `problems` has one sentence per bad field. */
export class CampaignFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid campaign file:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Validates a parsed campaign file; throws a `CampaignFileError` naming every bad field. */
export function parseCampaignFile(input: unknown): CampaignFile {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CampaignFileError([`The file must be a JSON object { "slug": …, "title": …, … }, such as \`npm run campaign -- new <slug>\` writes (got ${shown(input)})`]);
  }
  const result = v.safeParse(CampaignFileSchema, input);
  if (result.success) return result.output;
  throw new CampaignFileError(describeIssues(result.issues, SHAPE));
}

/**
 * Validates like `parseCampaignFile`, but answers per field, for the editor and the API: the
 * file, or the first problem of each field by its dot path (`mail.to`, `targets.2.email`).
 */
export function checkCampaignFile(input: unknown): { file: CampaignFile } | { problems: Record<string, string> } {
  const result = v.safeParse(CampaignFileSchema, input);
  if (result.success) return { file: result.output };
  const problems: Record<string, string> = {};
  for (const issue of result.issues) {
    const field = v.getDotPath(issue) ?? '(file)';
    // An unknown field's sentence names it (and the field it may have meant).
    problems[field] ??= issue.expected === 'never' ? (describeIssues([issue], SHAPE)[0] ?? 'is not a field') : sentence(issue, SHAPE);
  }
  return { problems };
}
