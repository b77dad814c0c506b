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

/** A country as a list offers it: the code forms send and its name (as src/lib/countries.ts `CountryOption`). */
export type CountryOption = { code: string; name: string };

/** Every country named by the browser in `lang` and sorted by its collator: at once, no request (codes it cannot name stay codes). */
export function browserCountryList(lang: string): CountryOption[] {
  const collator = new Intl.Collator([lang || 'en', 'en']);
  return countryCodes().map((code) => ({ code, name: countryName(code, lang) })).sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * The country's name as this page's own country list has it (the server's, in the page's
 * language), else the browser's; '' when neither has one (Chromium names no country in Kazakh).
 */
export function nameOnPage(code: string, lang: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return '';
  const option = document.querySelector<HTMLOptionElement>(`select[name="country"] option[value="${code}"]`);
  if (option?.text) return option.text;
  const name = countryName(code, lang);
  return name === code ? '' : name;
}
