import type { Catalog } from './index';

/** Қазақша. After a numeral Kazakh nouns stay singular. */
export const kk: Catalog = {
  'count.signatures': { one: '{count} қолтаңба', other: '{count} қолтаңба' },
};
