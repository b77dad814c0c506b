import * as v from 'valibot';

// C0/C1 controls, DEL, the Unicode line/paragraph separators and bidi overrides that could
// forge headers or disguise text, and U+FFFD/U+FFFE/U+FFFF (what broken UTF-8 decodes to).
// Newlines are allowed only where a schema says so.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd-\uffff]/u;
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd-\uffff]/u;

/** A single-line text: trimmed, NFC, no control characters, at most `max` characters. */
export function line(label: string, max: number) {
  return v.pipe(
    v.string(`${label} must be text`),
    v.trim(),
    v.normalize('NFC'),
    v.check((s) => !CONTROL.test(s), `${label} must not contain control characters or line breaks`),
    v.maxLength(max, `${label} must be at most ${max} characters`),
  );
}

/** A required single-line text. */
export function requiredLine(label: string, max: number) {
  return v.pipe(line(label, max), v.nonEmpty(`Enter your ${label.toLowerCase()}`));
}

/** A multi-line text: CRLF folded to LF, trimmed, NFC, no other control characters. */
export function paragraph(label: string, max: number) {
  return v.pipe(
    v.string(`${label} must be text`),
    v.transform((s) => s.replace(/\r\n?/g, '\n')),
    v.trim(),
    v.normalize('NFC'),
    v.check((s) => !CONTROL_EXCEPT_NEWLINE_TAB.test(s), `${label} must not contain control characters`),
    v.maxLength(max, `${label} must be at most ${max} characters`),
  );
}

/** An email address, trimmed and lower-cased so that one person signs once. */
export const emailAddress = v.pipe(
  v.string('Email must be text'),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty('Enter your email address'),
  v.maxLength(254, 'Email must be at most 254 characters'),
  v.check((s) => !CONTROL.test(s), 'Enter a valid email address'),
  v.email('Enter a valid email address, like name@example.org'),
);
