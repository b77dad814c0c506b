import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { countryOptions as named } from '../../lib/countries';

// The list is the same for every row of a language: built once per isolate and language.
const built = new Map<string, string>();

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The countries as `<option>`s, by name in the organiser's language, sorted as that language sorts. */
function optionsHtml(locale: string): string {
  let html = built.get(locale);
  if (!html) {
    html = named(locale).map((c) => `<option value="${c.code}">${escape(c.name)}</option>`).join('');
    built.set(locale, html);
  }
  return html;
}

/**
 * The country list for a select, with `selected` chosen. A form of 500 targets would otherwise
 * build 500 × 249 elements per page: this is one cached string (names escaped here) per language,
 * the row's country marked by a string replacement, so a page stays within the free plan's CPU.
 */
export function countryOptions(locale: string, selected: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  const html = optionsHtml(locale);
  const code = /^[A-Z]{2}$/.test(selected) ? selected : '';
  return raw(code ? html.replace(`<option value="${code}">`, `<option value="${code}" selected>`) : html);
}
