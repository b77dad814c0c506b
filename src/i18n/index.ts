import { intlLocales } from '../lib/intl';
import { type Catalog, en } from './en';
import { kk } from './kk';
import { ru } from './ru';

/** The interface languages. Adding one is one message file and one entry here. */
export const CATALOGS = { en, ru, kk } as const;

export type Locale = keyof typeof CATALOGS;
export const LOCALES = Object.keys(CATALOGS) as Locale[];
export type MessageKey = keyof typeof en;

/** A message key as a schema or error message: translated when answered, checked by tsc here. */
export const msg = (key: MessageKey): MessageKey => key;


/** Names of the languages in themselves, for the switcher (each catalog names its own). */
export const LANGUAGE_NAMES = Object.fromEntries(LOCALES.map((l) => [l, String(CATALOGS[l]['language.name'])])) as Record<Locale, string>;

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
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
  const catalog: Catalog = CATALOGS[locale];
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(intlLocales(locale));
  return (key, vars = {}) => {
    const entry = catalog[key] ?? en[key];
    const count = typeof vars.count === 'number' ? vars.count : undefined;
    const text = typeof entry === 'string' ? entry : (entry[count === undefined ? 'other' : plural.select(count)] ?? entry.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? number.format(value) : value;
    });
  };
}
