import type { MessageKey, Vars } from '../i18n/index';
import type { I18n } from '../i18n/lang';
import { intlLocales } from '../lib/intl';

const memo = new Map<string, string>();

/**
 * Every whole-number plural form of `key` in the page's language as JSON, `{count}` left in
 * for the browser to fill (src/widget/char-count.ts): each form is the translator's own text
 * for a number of that category, so the catalogue's format is never read here.
 */
export function pluralForms(i18n: I18n, key: MessageKey, vars: Vars = {}): string {
  const id = `${i18n.locale}\u0000${key}\u0000${JSON.stringify(vars)}`;
  const known = memo.get(id);
  if (known !== undefined) return known;
  const rules = new Intl.PluralRules(i18n.locale);
  const digits = new Intl.NumberFormat(intlLocales(i18n.locale));
  const forms: Record<string, string> = {};
  for (let n = 0; n <= 200; n++) {
    const category = rules.select(n);
    if (category in forms) continue;
    const number = digits.format(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    forms[category] = i18n.t(key, { ...vars, count: n }).replace(new RegExp(`(?<!\\d)${number}(?!\\d)`), '{count}');
  }
  const json = JSON.stringify(forms);
  memo.set(id, json);
  return json;
}
