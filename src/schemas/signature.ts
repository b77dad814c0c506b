import * as v from 'valibot';
import { COUNTRY_CODES } from '../lib/countries';
import { emailAddress, line, paragraph, requiredLine } from './text';

// Form checkboxes send "on" or nothing; JSON sends booleans. Both shapes mean the same.
const flag = v.pipe(
  v.optional(v.union([v.boolean(), v.picklist(['on', 'true', '1', 'false', '0', ''])], 'must be true or false'), false),
  v.transform((x) => x === true || x === 'on' || x === 'true' || x === '1'),
);

/** What a supporter sends to sign, from the form or the JSON API (same field names). */
export const SignatureInputSchema = v.object({
  name: requiredLine('Name', 100),
  email: emailAddress,
  country: v.pipe(
    v.string('Choose your country'),
    v.trim(),
    v.toUpperCase(),
    v.nonEmpty('Choose your country'),
    v.picklist(COUNTRY_CODES, 'Choose a country from the list'),
  ),
  city: requiredLine('City', 100),
  message: v.optional(paragraph('Message', 2000), ''),
  target: v.optional(v.pipe(line('Target', 64), v.regex(/^[a-z0-9-]*$/, 'Choose a target from the list')), ''),
  public: flag,
  /** Recipients of the forwarded message may reply to the supporter directly. */
  reply: flag,
  consent: v.pipe(flag, v.literal(true, 'You must agree to the privacy notice to sign')),
  /** Cloudflare Turnstile's token, when the challenge is on. */
  'cf-turnstile-response': v.optional(v.pipe(v.string(), v.maxLength(4096, 'Invalid challenge token')), ''),
  /** Honeypot: invisible to people, filled in by naive bots. */
  website: v.optional(v.string(), ''),
});

export type SignatureInput = v.InferOutput<typeof SignatureInputSchema>;
