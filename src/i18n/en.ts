import type { Plural } from './index';

/** English: the reference catalog; every other language has exactly these keys. */
export const en = {
  'count.signatures': { one: '{count} signature', other: '{count} signatures' },
} satisfies Record<string, string | Plural>;
