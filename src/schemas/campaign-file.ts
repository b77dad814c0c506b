import * as v from 'valibot';
import { LOCALES } from '../i18n/index';
import { COUNTRY_CODES } from '../lib/countries';
import { isMessageKey, translator } from '../i18n/index';
import { emailAddress, line, paragraph } from './text';

const slug = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use 2–64 lower-case letters, digits and dashes'),
);

const target = v.strictObject({
  /** Stable id used by the form and API; keep it when editing the target. */
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'use lower-case letters, digits and dashes')),
  name: line('Target name', 200),
  country: v.picklist(COUNTRY_CODES, 'must be an ISO 3166-1 alpha-2 code such as "FR"'),
  email: emailAddress,
  locale: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[A-Z]{2})?$/))),
  /** The name in other interface languages (`{ "ru": "…", "kk": "…" }`); `name` is the fallback. */
  names: v.optional(v.record(v.picklist(LOCALES, 'must be a supported language code'), v.pipe(line('Target name', 200), v.nonEmpty('must not be empty'))), {}),
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

const mail = v.strictObject({
  senderName: line('Sender name', 100),
  to: emailAddress,
  cc: v.optional(v.pipe(v.array(emailAddress), v.maxLength(10)), []),
  /**
   * The campaign's own copy of each confirmed message: each (one email per message), digest
   * (one email a day listing the day's messages), none (count only; nothing is forwarded,
   * not even to targets).
   */
  forward: v.optional(v.picklist(['each', 'digest', 'none']), 'each'),
  /** Templates: {name} {city} {country} {message} {campaign} are filled in. */
  subject: v.optional(line('Subject', 200), 'Solidarity message from {name}, {city}'),
  body: v.optional(paragraph('Body', 5000), '{message}\n\n{name}, {city}, {country}'),
  /** Mail to one target is spread out to at most this many an hour. */
  targetPerHour: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600)), 30),
  /** The campaign's own inbox takes more. */
  campaignPerHour: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36000)), 600),
});

const privacy = v.strictObject({
  controller: line('Controller', 200),
  contact: emailAddress,
  /** Days after the campaign closes until signatures are anonymised. */
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 365),
  /** Recorded with every signature, so consent can be traced to the text that was shown. */
  consentVersion: v.optional(line('Consent version', 40), '1'),
});

const domain = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as "example.org"'));

const abuse = v.strictObject({
  /** Refuse well-known throwaway-mail domains. */
  blockDisposable: v.optional(v.boolean(), true),
  blockedDomains: v.optional(v.pipe(v.array(domain), v.maxLength(1000)), []),
  blockedEmails: v.optional(v.pipe(v.array(emailAddress), v.maxLength(10000)), []),
});

/** The campaign's text in another language; any field left out falls back to the main language. */
const translation = v.strictObject({
  title: v.optional(v.pipe(line('Title', 200), v.nonEmpty('must not be empty'))),
  summary: v.optional(line('Summary', 500)),
  body: v.optional(paragraph('Body', 20000)),
  demands: v.optional(v.pipe(v.array(line('Demand', 500)), v.maxLength(50))),
  mail: v.optional(v.strictObject({ subject: v.optional(line('Subject', 200)), body: v.optional(paragraph('Body', 5000)) })),
});

/** A campaign as written in `campaigns/*.json`. */
export const CampaignFileSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    slug,
    status: v.optional(v.picklist(['open', 'closed']), 'open'),
    locale: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[A-Z]{2})?$/)), 'en'),
    title: v.pipe(line('Title', 200), v.nonEmpty('must not be empty')),
    summary: v.optional(line('Summary', 500), ''),
    body: v.optional(paragraph('Body', 20000), ''),
    demands: v.optional(v.pipe(v.array(line('Demand', 500)), v.maxLength(50)), []),
    goal: v.pipe(v.number(), v.integer(), v.minValue(1)),
    image: v.optional(image),
    /** Goals shown once `goal` is passed, ascending; after the last, the next round number. */
    milestones: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.maxLength(20)), []),
    mail,
    privacy,
    /** Who may sign in to the dashboard and export signatures. */
    organisers: v.optional(v.pipe(v.array(emailAddress), v.maxLength(50)), []),
    /** The public wall: `approve-first` shows a message once approved; `show-first` until hidden. */
    moderation: v.optional(v.picklist(['approve-first', 'show-first']), 'show-first'),
    abuse: v.optional(abuse, {}),
    /** By language code, e.g. "ru", "kk": see src/i18n. */
    translations: v.optional(v.record(v.picklist(LOCALES, 'must be a supported language code'), translation), {}),
    targets: v.optional(v.pipe(v.array(target), v.maxLength(500)), []),
  }),
  v.check(
    (c) => new Set(c.targets.map((t) => t.id)).size === c.targets.length,
    'target ids must be unique',
  ),
  v.check(
    (c) => c.milestones.every((m, i) => m > (i === 0 ? c.goal : (c.milestones[i - 1] ?? 0))),
    'milestones must be ascending and above the goal',
  ),
);

export type CampaignFile = v.InferOutput<typeof CampaignFileSchema>;

const english = translator('en');

/** Validates a parsed campaign file; throws an Error listing every problem by field path. */
export function parseCampaignFile(input: unknown): CampaignFile {
  const result = v.safeParse(CampaignFileSchema, input);
  if (result.success) return result.output;
  const lines = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '(file)';
    // Shared field schemas carry message keys; the operator reads English.
    return `  ${path}: ${isMessageKey(issue.message) ? english(issue.message) : issue.message}`;
  });
  throw new Error(`Invalid campaign file:\n${lines.join('\n')}`);
}
