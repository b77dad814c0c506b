import * as v from 'valibot';
import type { MessageKey } from '../i18n/index';
import { type PicketMessages, picketEntries } from './picket';

/** The dashboard's messages: catalog keys, answered in the organiser's language. */
export const FORM_MESSAGES: PicketMessages<MessageKey> = {
  id: 'error.picket.id', country: 'error.picket.country', zone: 'error.picket.zone', time: 'error.picket.time',
  noSuchTime: 'error.picket.noSuchTime', order: 'error.picket.order', long: 'error.picket.long', place: 'error.picket.place',
  contact: 'error.picket.contact', coords: 'error.picket.coords',
};

const text = { text: 'error.picket.text', control: 'error.picket.text', long: 'error.picket.text' } as const;
const { lat: _lat, lon: _lon, status: _status, ...entries } = picketEntries(FORM_MESSAGES, text);

/** The dashboard's picket form: the file's fields as form strings (no coordinates; status by its own button). */
export const PicketFormSchema = v.object({
  ...entries,
  // Left empty, the zone follows the place (lib/place-zone.ts); given, it must be a real one.
  timeZone: v.optional(v.union([v.literal(''), entries.timeZone], FORM_MESSAGES.zone), ''),
  target: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{0,64}$/, FORM_MESSAGES.place)), ''),
  contactPublic: v.pipe(v.optional(v.picklist(['on', ''], 'error.flag' satisfies MessageKey), ''), v.transform((x) => x === 'on')),
});

export type PicketForm = v.InferOutput<typeof PicketFormSchema>;
