/**
 * For a language the runtime's ICU data lacks (workerd ships no Kazakh data), the locale
 * whose number format and country names stand in: Kazakh groups digits like Russian
 * ("1 000"), and Kazakh readers know the Russian country names.
 */
const INTL_STAND_IN: Partial<Record<string, string>> = { kk: 'ru' };

/** The locales to give `Intl` for `locale`: itself, its stand-in when the runtime lacks it, then English. */
export function intlLocales(locale: string): string[] {
  if (Intl.NumberFormat.supportedLocalesOf([locale]).length > 0) return [locale, 'en'];
  const standIn = INTL_STAND_IN[locale];
  return standIn ? [standIn, 'en'] : ['en'];
}
