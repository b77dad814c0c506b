// Filled in by scripts/build-widget.ts from src/lib/countries.ts, grouped by first letter
// ("ADEFG… BAB…") so the widget ships the list in a third of the bytes.
declare const __COUNTRY_GROUPS__: string;

/** The ISO 3166-1 alpha-2 codes the API accepts. */
export function countryCodes(): string[] {
  return __COUNTRY_GROUPS__.split(' ').flatMap((g) => [...g.slice(1)].map((c) => g[0] + c));
}

/** The country's name in `lang`, from the browser's own data. */
export function countryName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang || 'en', 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
