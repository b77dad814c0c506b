import { intlLocales } from '../lib/intl';
import { type Formats, formatMessage, type Part, parseMessage } from './icu';
import de from './messages/de.json';
import en from './messages/en.json';
import kk from './messages/kk.json';
import ru from './messages/ru.json';

/**
 * The interface languages, each one message file (src/i18n/messages/<lang>.json: flat keys,
 * ICU MessageFormat). Adding one is its file and one entry here (docs/translating.md).
 */
const MESSAGES = { en, ru, kk, de } satisfies Record<string, Record<string, string>>;

export type Locale = keyof typeof MESSAGES;
export const LOCALES = Object.keys(MESSAGES) as Locale[];
/** A message's key: English (messages/en.json) has every key. */
export type MessageKey = keyof typeof en;
/** A language's messages, ICU MessageFormat by key. */
export type Catalog = Record<MessageKey, string>;
/** Every language's messages as written (a language lacking a key falls back to English). */
export const CATALOGS: Record<Locale, Partial<Catalog>> = MESSAGES;

/** A message key as a schema or error message: translated when answered, checked by tsc here. */
export const msg = (key: MessageKey): MessageKey => key;

/** Names of the languages in themselves, for the switcher (each file names its own). */
export const LANGUAGE_NAMES = Object.fromEntries(LOCALES.map((l) => [l, CATALOGS[l]['language.name'] ?? l])) as Record<Locale, string>;

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(MESSAGES, value);
}

/** The best supported language for an Accept-Language header, else `fallback`. */
export function negotiate(acceptLanguage: string | undefined, fallback: Locale): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? fallback;
}

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** A translator for one language: plural forms by `{count}`, numbers formatted for the locale. */
export function translator(locale: Locale): Translate {
  // Built once per language and isolate: Intl objects are costly, and every request needs one.
  let t = translators.get(locale);
  if (!t) {
    t = buildTranslator(locale);
    translators.set(locale, t);
  }
  return t;
}

const translators = new Map<Locale, Translate>();

function buildTranslator(locale: Locale): Translate {
  const catalog = CATALOGS[locale];
  const english: Partial<Catalog> = en;
  const formats: Formats = { plural: new Intl.PluralRules(locale), number: new Intl.NumberFormat(intlLocales(locale)) };
  // Each message parsed once per isolate, when first used: a text without braces or
  // apostrophes stays a string and is answered as it is.
  const parsed = new Map<string, string | Part[]>();
  return (key, vars = {}) => {
    let message = parsed.get(key);
    if (message === undefined) {
      const text = catalog[key] ?? english[key] ?? key;
      message = /[{}']/.test(text) ? parseMessage(text) : text;
      parsed.set(key, message);
    }
    return typeof message === 'string' ? message : formatMessage(message, vars, formats);
  };
}
