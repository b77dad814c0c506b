import { compareIn } from './collate';
import { COUNTRY_NAMES_KK } from './country-names-kk';
import { intlLocales } from './intl';

/** ISO 3166-1 alpha-2 codes of the officially assigned countries and territories. */
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/**
 * Country names for languages the runtime's ICU data lacks (workerd has no Kazakh), from
 * CLDR by scripts/make-country-names.ts. A language workerd knows (ru, de…) needs none.
 */
const CATALOGUES: Partial<Record<string, Record<string, string>>> = { kk: COUNTRY_NAMES_KK };

const displayNames = new Map<string, (code: string) => string | undefined>();

function namer(locale: string): (code: string) => string | undefined {
  let of = displayNames.get(locale);
  if (!of) {
    const catalogue = CATALOGUES[locale];
    if (catalogue && Intl.DisplayNames.supportedLocalesOf([locale]).length === 0) {
      of = (code) => catalogue[code];
    } else {
      const names = new Intl.DisplayNames(intlLocales(locale), { type: 'region' });
      of = (code) => names.of(code);
    }
    displayNames.set(locale, of);
  }
  return of;
}

/** The country's name in the given language: the runtime's ICU data, else our catalogue of it; never a code when either has one. */
export function countryName(code: string, locale = 'en'): string {
  try {
    return namer(locale)(code) ?? code;
  } catch {
    return code; // not a region code DisplayNames takes
  }
}

/** A country as a list offers it: its code (what forms send) and its name in the list's language. */
export type CountryOption = { code: string; name: string };

const optionLists = new Map<string, CountryOption[]>();

/**
 * Every country (or those of `codes`), named in `locale` and sorted as that language's
 * dictionary does (lib/collate.ts): the sign form's list, the confirmation page's, and the
 * widget form's (in its GET …/form answer, and GET /api/countries). Kept once per language and isolate.
 */
export function countryOptions(locale: string, codes: readonly string[] = COUNTRY_CODES): CountryOption[] {
  const all = codes === COUNTRY_CODES ? optionLists.get(locale) : undefined;
  if (all) return all;
  const compare = compareIn(locale);
  const list = codes.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => compare(a.name, b.name));
  if (codes === COUNTRY_CODES) optionLists.set(locale, list);
  return list;
}
