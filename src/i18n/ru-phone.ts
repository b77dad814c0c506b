import type { enPhone } from './en-phone';
import type { Catalog } from './en';

/** Русский: ограничения, названные заранее, и публичный реестр на телефоне (issue 27; часть `ru`). */
export const ruPhone: Pick<Catalog, keyof typeof enPhone> = {
  'form.messageLimit': 'Можно написать до {max} знаков.',
  'form.charsLeft': { one: 'Остался {count} знак', few: 'Осталось {count} знака', many: 'Осталось {count} знаков', other: 'Осталось {count} знака' },
  'form.charsOver': { one: 'На {count} знак больше допустимого', few: 'На {count} знака больше допустимого', many: 'На {count} знаков больше допустимого', other: 'На {count} знака больше допустимого' },
  'ledger.notYet': { one: 'Ещё {count} адресат: пока ничего не доставлено', few: 'Ещё {count} адресата: пока ничего не доставлено', many: 'Ещё {count} адресатов: пока ничего не доставлено', other: 'Ещё {count} адресата: пока ничего не доставлено' },
};
