import type { enPhone } from './en-phone';
import type { Catalog } from './en';

/** Русский: ограничения, названные заранее, и публичный реестр на телефоне (issue 27; часть `ru`). */
export const ruPhone: Pick<Catalog, keyof typeof enPhone> = {
  'ledger.notYet': { one: 'Ещё {count} адресат: пока ничего не доставлено', few: 'Ещё {count} адресата: пока ничего не доставлено', many: 'Ещё {count} адресатов: пока ничего не доставлено', other: 'Ещё {count} адресата: пока ничего не доставлено' },
};
