import * as v from 'valibot';
import { LOCALES, msg } from '../i18n/index';
import { line, paragraph, requiredLine } from './text';

// Messages are keys of the message catalogs: the answer is in the organiser's language.
const SUBJECT = { text: msg('error.update.subject.text'), control: msg('error.update.subject.control'), long: msg('error.update.subject.long') };
const BODY = { text: msg('error.update.body.text'), control: msg('error.update.body.control'), long: msg('error.update.body.long') };

/** Limits of an update's subject and text (migrations/0009 holds them too). */
export const SUBJECT_MAX = 200;
export const BODY_MAX = 20000;

const subject = requiredLine(SUBJECT, SUBJECT_MAX, msg('error.update.subject.required'));
const body = v.pipe(paragraph(BODY, BODY_MAX), v.nonEmpty(msg('error.update.body.required')));
const text = v.object({ subject, body });

/** `POST /api/admin/campaigns/:slug/updates`: the text in the campaign's language, and translations by language. */
export const UpdateInputSchema = v.object({
  subject,
  body,
  translations: v.optional(v.record(v.picklist(LOCALES, msg('error.update.language')), text), {}),
});

export type UpdateInput = v.InferOutput<typeof UpdateInputSchema>;

/** What makes one update once: the form's hidden `draft` field, or the API's Idempotency-Key header. */
export const DraftKey = v.pipe(v.string(msg('error.update.draftKey')), v.regex(/^[A-Za-z0-9_-]{8,100}$/, msg('error.update.draftKey')));

/** The dashboard's form: the same, with a translation's fields named `subject_ru`, `body_ru`…, and what to do. */
export const UpdateFormSchema = v.object({
  subject,
  body,
  /** `send` asks once more (naming the number of recipients); `send-confirmed` is that question's yes. */
  intent: v.picklist(['preview', 'test', 'send', 'send-confirmed'], msg('error.admin.action')),
  draft: DraftKey,
  ...Object.fromEntries(
    LOCALES.flatMap((l) => [
      [`subject_${l}`, v.optional(line(SUBJECT, SUBJECT_MAX), '')],
      [`body_${l}`, v.optional(paragraph(BODY, BODY_MAX), '')],
    ]),
  ),
});
