import { isLocale, type Locale, negotiate, type Translate, translator } from './index';

/** What a view needs to speak the request's language and keep it in its links. */
export type I18n = {
  locale: Locale;
  t: Translate;
  /** Whether the language was chosen in the URL (`?lang=`), so internal links carry it on. */
  inUrl: boolean;
  /** An internal path with the chosen language kept (`/c/x` → `/c/x?lang=ru`). */
  link: (path: string) => string;
  /** This page in another language: the switcher's links. */
  switchTo: (locale: Locale) => string;
};

/** The language named by a `lang` value such as `ru`, `ru-RU` or `RU`; null when unsupported. */
export function parseLang(value: string | undefined | null): Locale | null {
  const primary = (value ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

/** Adds `lang` to an internal path, before any `#fragment`, keeping its query. */
export function withLang(path: string, locale: Locale): string {
  const [beforeHash = '', hash] = path.split('#', 2);
  const joined = `${beforeHash}${beforeHash.includes('?') ? '&' : '?'}lang=${locale}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}

/**
 * `here` (a path and query as sent) without its `lang` parameter; `/` for anything that is
 * no path of this site (`//evil.example/…` would read as another host), or no URL at all.
 */
function withoutLang(here: string): string {
  let url: URL;
  try {
    url = new URL(here, 'http://x');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://x') return '/';
  url.searchParams.delete('lang');
  return `${url.pathname}${url.search}`;
}

/** The I18n of one language; `inUrl` says whether links should carry it; `here` is the page (path and query). */
export function i18nFor(locale: Locale, inUrl: boolean, here = '/'): I18n {
  let base: string | undefined; // worked out when a switcher first asks: most answers have none
  return {
    locale,
    t: translator(locale),
    inUrl,
    link: (path) => (inUrl ? withLang(path, locale) : path),
    switchTo: (other) => withLang((base ??= withoutLang(here)), other),
  };
}
