import type { enPhone } from './en-phone';
import type { Catalog } from './en';

/** Қазақша: шектеулер алдын ала айтылады, ашық тізілім телефонда (issue 27; `kk` бөлігі). */
export const kkPhone: Pick<Catalog, keyof typeof enPhone> = {
  'form.messageLimit': '{max} таңбаға дейін жазуға болады.',
  'form.charsLeft': { one: '{count} таңба қалды', other: '{count} таңба қалды' },
  'form.charsOver': { one: '{count} таңба артық', other: '{count} таңба артық' },
  'ledger.notYet': { one: 'Тағы {count} алушы: әзірге ештеңе жеткізілмеді', other: 'Тағы {count} алушы: әзірге ештеңе жеткізілмеді' },
};
