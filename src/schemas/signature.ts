import * as v from 'valibot';
import { msg } from '../i18n/index';
import { COUNTRY_CODES } from '../lib/countries';
import { normaliseSource } from '../lib/source';
import { emailAddress, paragraph, requiredLine } from './text';

// Messages are keys of the message catalogs: the answer is in the request's language.

// Form checkboxes send "on" or nothing; JSON sends booleans. Both shapes mean the same.
const flag = v.pipe(
  v.optional(v.union([v.boolean(), v.picklist(['on', 'true', '1', 'false', '0', ''])], msg('error.flag')), false),
  v.transform((x) => x === true || x === 'on' || x === 'true' || x === '1'),
);

/** What the form's and the JSON API's "no embassy" is called: the choice of no target. */
export const NO_TARGET = 'none';

/** The longest message a supporter may send, in characters (the form states it and counts down). */
export const MESSAGE_MAX = 2000;

/**
 * The target, a required choice: a target's key, or `none` for no embassy (null after
 * parsing). Nothing is chosen for the supporter, so an empty or missing choice is refused.
 */
const target = v.optional(
  v.pipe(
    v.string(msg('error.target.required')),
    v.trim(),
    v.nonEmpty(msg('error.target.required')),
    v.maxLength(64, msg('error.target.choose')),
    v.regex(/^[a-z0-9-]+$/, msg('error.target.choose')),
    v.transform((key) => (key === NO_TARGET ? null : key)),
  ),
  // Missing is refused as empty is, with the same message (the default goes through the checks).
  '',
);

/**
 * What is sent or shown in a supporter's name, and which boxes they ticked: what the
 * confirmation page asks again, and stores as the inbox's owner answers it there.
 */
const choices = {
  name: requiredLine({ text: 'error.name.text', control: 'error.name.control', long: 'error.name.long' }, 100, 'error.name.required'),
  country: v.pipe(
    v.string(msg('error.country.required')),
    v.trim(),
    v.toUpperCase(),
    v.nonEmpty(msg('error.country.required')),
    v.picklist(COUNTRY_CODES, msg('error.country.choose')),
  ),
  city: requiredLine({ text: 'error.city.text', control: 'error.city.control', long: 'error.city.long' }, 100, 'error.city.required'),
  message: v.optional(paragraph({ text: 'error.message.text', control: 'error.message.control', long: 'error.message.long' }, MESSAGE_MAX), ''),
  target,
  public: flag,
  /** Recipients of the forwarded message may reply to the supporter directly. */
  reply: flag,
  /** "Keep me updated about this campaign": unticked unless the supporter ticks it. */
  updates: flag,
};

const { name, ...rest } = choices;

/** What a supporter sends to sign, from the form or the JSON API (same field names). */
export const SignatureInputSchema = v.object({
  // In the form's order (name, email, country…), which is the order of the issues answered.
  name,
  email: emailAddress,
  ...rest,
  consent: v.pipe(flag, v.literal(true, msg('error.consent'))),
  /** Cloudflare Turnstile's token, when the challenge is on. */
  'cf-turnstile-response': v.optional(v.pipe(v.string(msg('error.challengeToken')), v.maxLength(4096, msg('error.challengeToken'))), ''),
  /** Where the supporter came from (lib/source.ts); a value that does not fit is dropped, never refused. */
  source: v.optional(v.pipe(v.unknown(), v.transform(normaliseSource)), null),
  /** Honeypot: invisible to people, filled in by naive bots. */
  website: v.optional(v.string(), ''),
});

/** The confirmation page's form: every choice again, made by whoever holds the link. */
export const ConfirmInputSchema = v.object(choices);

/**
 * The version of the "keep me updated" text (`form.updates` in every catalog), stored with
 * each signature that ticked it. Change it whenever that text changes
 * (test/updates-optin.test.ts holds the text it stands for).
 */
export const UPDATES_CONSENT_VERSION = 'updates-1';

export type SignatureInput = v.InferOutput<typeof SignatureInputSchema>;

/** The choices made on the confirmation page. */
export type ConfirmInput = v.InferOutput<typeof ConfirmInputSchema>;
