import * as v from 'valibot';
import type { MessageKey } from '../i18n/index';

// C0/C1 controls, DEL, the Unicode line/paragraph separators and bidi overrides that could
// forge headers or disguise text, and U+FFFD/U+FFFE/U+FFFF (what broken UTF-8 decodes to).
// Newlines are allowed only where a schema says so.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd-\uffff]/u;
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd-\uffff]/u;

/**
 * A text field's messages. Supporter-facing schemas give message keys (translated when
 * answered; `{max}` comes from the limit); the campaign file, read by operators in the CLI,
 * says `'english'`: sentences that follow the field's path (`title: must be text`).
 */
export type TextMessages = { text: MessageKey; control: MessageKey; long: MessageKey } | 'english';

function messages(m: TextMessages, multiline: boolean, max: number) {
  if (m !== 'english') return m;
  const lineBreaks = multiline ? '' : ' or line breaks';
  return { text: 'must be text', control: `must not contain control characters${lineBreaks}`, long: `must be at most ${max} characters long` };
}

/** A single-line text: trimmed, NFC, no control characters, at most `max` characters. */
export function line(texts: TextMessages, max: number) {
  const m = messages(texts, false, max);
  return v.pipe(
    v.string(m.text),
    v.trim(),
    v.normalize('NFC'),
    v.check((s) => !CONTROL.test(s), m.control),
    v.maxLength(max, m.long),
  );
}

/** A required single-line text; `required` says what to enter. */
export function requiredLine(texts: TextMessages, max: number, required: MessageKey) {
  return v.pipe(line(texts, max), v.nonEmpty(required));
}

/** A multi-line text: CRLF folded to LF, trimmed, NFC, no other control characters. */
export function paragraph(texts: TextMessages, max: number) {
  const m = messages(texts, true, max);
  return v.pipe(
    v.string(m.text),
    v.transform((s) => s.replace(/\r\n?/g, '\n')),
    v.trim(),
    v.normalize('NFC'),
    v.check((s) => !CONTROL_EXCEPT_NEWLINE_TAB.test(s), m.control),
    v.maxLength(max, m.long),
  );
}

/** An email address, trimmed and lower-cased so that one person signs once (messages are keys). */
export const emailAddress = v.pipe(
  v.string('error.email.text' satisfies MessageKey),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty('error.email.required' satisfies MessageKey),
  v.maxLength(254, 'error.email.long' satisfies MessageKey),
  v.check((s) => !CONTROL.test(s), 'error.email.invalid' satisfies MessageKey),
  v.email('error.email.format' satisfies MessageKey),
);

/** A JSON array of strings as stored in a column (addresses, demands). */
export const StringList = v.array(v.string());
