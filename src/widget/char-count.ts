/**
 * A field's character count, said before the limit bites (issue 27.3): shared by the pages'
 * message fields (message-count.ts) and any form built in the browser (the widget's signing
 * variant can call `attachCounter` on its own textarea with its own words).
 */

/** A message's plural forms by `Intl.PluralRules` category, `{count}` where the number goes. */
export type Forms = Partial<Record<string, string>>;

/** What a counter says: how many characters remain, or how many are too many. */
export type CountWords = { left: Forms; over: Forms };

/** Characters as the server counts them (schemas/text.ts): line breaks as one, ends trimmed, NFC. */
export function countChars(text: string): number {
  return text.replace(/\r\n?/g, '\n').trim().normalize('NFC').length;
}

/** The form of `forms` for `n` in `lang`, with `n` written as that language writes numbers. */
export function pluralText(forms: Forms, n: number, lang: string): string {
  const form = forms[new Intl.PluralRules(lang).select(n)] ?? forms.other ?? '';
  return form.replace('{count}', new Intl.NumberFormat(lang).format(n));
}

/** The counter's sentence for `text` against `max`, and whether the text is over the limit. */
export function countText(text: string, max: number, words: CountWords, lang: string): { over: boolean; text: string } {
  const used = countChars(text);
  const over = used > max;
  return { over, text: pluralText(over ? words.over : words.left, over ? used - max : max - used, lang) };
}

/**
 * Ties a counter to `field`: `shown` follows every keystroke; `live` (a polite live region)
 * says it once typing pauses, so a screen reader is not talked over; past `max` both say how
 * many characters are too many and the field is marked invalid. Returns a check for submit time:
 * true when the text is over the limit (the caller then stops the submit and focuses the field).
 */
export function attachCounter(field: HTMLTextAreaElement | HTMLInputElement, shown: HTMLElement, live: HTMLElement, max: number, words: CountWords, lang: string): () => boolean {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const serverSaid = field.getAttribute('aria-invalid') === 'true';
  const update = (announce: boolean) => {
    const { over, text } = countText(field.value, max, words, lang);
    shown.textContent = text;
    shown.classList.toggle('over', over);
    if (over) field.setAttribute('aria-invalid', 'true');
    else if (!serverSaid) field.removeAttribute('aria-invalid');
    clearTimeout(timer);
    if (announce) timer = setTimeout(() => (live.textContent = text), 1000);
    return over;
  };
  update(false);
  field.addEventListener('input', () => update(true));
  return () => update(false);
}
