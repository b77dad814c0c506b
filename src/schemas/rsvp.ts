import * as v from 'valibot';
import { msg } from '../i18n/index';
import { emailAddress, line } from './text';

const flag = v.pipe(
  v.optional(v.union([v.boolean(), v.picklist(['on', 'true', '1', 'false', '0', ''])], msg('error.flag')), false),
  v.transform((x) => x === true || x === 'on' || x === 'true' || x === '1'),
);

/** "I'll be there" from the picket page's form: a name is optional, the email is for the reminder. */
const name = v.optional(line({ text: 'error.name.text', control: 'error.name.control', long: 'error.name.long' }, 100), '');

export const RsvpInputSchema = v.object({
  name,
  email: emailAddress,
  /** Unticked by default: without it nobody but the organisers sees the name. */
  show: flag,
  consent: v.pipe(flag, v.literal(true, msg('error.picket.consent'))),
  /** Honeypot: invisible to people, filled in by naive bots. */
  website: v.optional(v.string(), ''),
});

export type RsvpInput = v.InferOutput<typeof RsvpInputSchema>;

/** The page behind an RSVP's link: the name and whether it is shown, as its owner chooses there. */
export const RsvpConfirmSchema = v.object({ name, show: flag });

export type RsvpConfirm = v.InferOutput<typeof RsvpConfirmSchema>;
