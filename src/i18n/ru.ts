import type { Catalog } from './index';

/** Русский. */
export const ru: Catalog = {
  'count.signatures': { one: '{count} подпись', few: '{count} подписи', many: '{count} подписей', other: '{count} подписи' },
};
