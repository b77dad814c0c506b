import { argumentNames, parseMessage, type Part, pluralChoices } from '../src/i18n/icu';

/** One language's messages: ICU MessageFormat by key (src/i18n/messages/<lang>.json). */
export type Messages = Record<string, string>;

/**
 * Where a key is named in source text: quoted whole, as `t('form.name')`, `label={'form.name'}`
 * or `` `form.name` `` do. A key the code builds (`'picket.status.' + x`) is never found this
 * way: name every key it can build in a typed map (`Record<Status, MessageKey>`) instead.
 */
export function namedIn(source: string, key: string): boolean {
  return source.includes(`'${key}'`) || source.includes(`"${key}"`) || source.includes(`\`${key}\``);
}

/** The plural forms whole numbers take in `lang` (1, 2, 5, 21…), which every plural must have. */
function neededForms(lang: string): string[] {
  const rules = new Intl.PluralRules(lang);
  return [...new Set(Array.from({ length: 200 }, (_, n) => rules.select(n)))].sort();
}

/**
 * What is wrong with a set of message files, as readable lines (none: all is well):
 * every language has exactly English's keys, each message is ICU this app reads, with
 * English's placeholders, plurals with the forms `Intl.PluralRules(lang)` needs and no form
 * it lacks; and every English key is named somewhere in `sources`.
 */
export function catalogueProblems(languages: Record<string, Messages>, sources: string): string[] {
  const problems: string[] = [];
  const english = languages.en;
  if (!english) return ['no English (en) messages'];
  const parsed = (lang: string, key: string, text: unknown): Part[] | null => {
    if (typeof text !== 'string') {
      problems.push(`${lang} ${key}: not a text`);
      return null;
    }
    try {
      return parseMessage(text);
    } catch (e) {
      problems.push(`${lang} ${key}: ${(e as Error).message}`);
      return null;
    }
  };
  const englishArgs = new Map<string, string[]>();
  for (const [key, text] of Object.entries(english)) {
    const parts = parsed('en', key, text);
    if (parts) englishArgs.set(key, argumentNames(parts));
  }
  for (const [lang, messages] of Object.entries(languages)) {
    for (const key of Object.keys(english)) if (!Object.hasOwn(messages, key)) problems.push(`${lang} ${key}: missing`);
    const needed = neededForms(lang);
    const known = new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
    for (const [key, text] of Object.entries(messages)) {
      if (!Object.hasOwn(english, key)) {
        problems.push(`${lang} ${key}: not an English key`);
        continue;
      }
      const parts = lang === 'en' ? (englishArgs.has(key) ? parseMessage(text) : null) : parsed(lang, key, text);
      if (!parts) continue;
      const args = argumentNames(parts).join(', ');
      const want = englishArgs.get(key)?.join(', ');
      if (want !== undefined && args !== want) problems.push(`${lang} ${key}: placeholders {${args}}, English has {${want}}`);
      for (const { name, keys } of pluralChoices(parts)) {
        const missing = needed.filter((form) => !keys.includes(form));
        const unknown = keys.filter((k) => !k.startsWith('=') && !known.has(k as Intl.LDMLPluralRule));
        if (missing.length) problems.push(`${lang} ${key}: the plural of {${name}} lacks ${missing.join(', ')}`);
        if (unknown.length) problems.push(`${lang} ${key}: the plural of {${name}} has ${unknown.join(', ')}, which ${lang} never uses`);
      }
    }
  }
  for (const key of Object.keys(english)) if (!namedIn(sources, key)) problems.push(`en ${key}: unused (named nowhere in src/)`);
  return problems;
}
