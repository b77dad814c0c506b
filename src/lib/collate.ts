import { intlLocales } from './intl';

/**
 * Alphabets for languages the runtime's ICU data cannot sort (workerd and Chromium have no
 * Kazakh collation): letters in dictionary order, lower case. Ә follows А, Ғ follows Г, І
 * follows Ы, as in Kazakh dictionaries; Russian's own order would put І after И.
 */
const ALPHABETS: Partial<Record<string, string>> = {
  kk: 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя',
};

const compares = new Map<string, (a: string, b: string) => number>();

/**
 * Compares two names as a dictionary of `locale` orders them: `Intl.Collator` where the
 * runtime knows the language, else its alphabet letter by letter (other characters by
 * the stand-in's collation), so a list sorts the same in workerd and in a browser.
 */
export function compareIn(locale: string): (a: string, b: string) => number {
  let compare = compares.get(locale);
  if (compare) return compare;
  const collator = new Intl.Collator(intlLocales(locale), { sensitivity: 'base', numeric: true });
  const alphabet = ALPHABETS[locale];
  if (Intl.Collator.supportedLocalesOf([locale]).length > 0 || !alphabet) {
    compare = collator.compare;
  } else {
    const rank = (ch: string) => alphabet.indexOf(ch);
    compare = (a, b) => {
      const [x, y] = [[...a.toLowerCase()], [...b.toLowerCase()]];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const [p, q] = [x[i] ?? '', y[i] ?? ''];
        if (p === q) continue;
        const [rp, rq] = [rank(p), rank(q)];
        if (rp >= 0 && rq >= 0) return rp - rq;
        const byCollator = collator.compare(p, q);
        if (byCollator !== 0) return byCollator;
      }
      return x.length - y.length || collator.compare(a, b);
    };
  }
  compares.set(locale, compare);
  return compare;
}
