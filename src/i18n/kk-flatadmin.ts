import type { enFlatadmin } from './en-flatadmin';
import type { Catalog } from './en';

/** Қазақша: үлкен науқан ұйымдастырушы беттерінде бөлік-бөлігімен оқылады (issue 25); `kk` бөлігі. */
export const kkFlatadmin: Pick<Catalog, keyof typeof enFlatadmin> = {
  'admin.spam.stretch': {
    one: 'Қаралғаны: ең соңғы {count} қолтаңба (жаппай толқын соңғылардың арасында көрінеді).',
    other: 'Қаралғаны: осы жерден бастап ең соңғы {count} қолтаңба (жаппай толқын соңғылардың арасында көрінеді; үлкені бөлік-бөлігімен белгіленеді).',
  },
  'admin.spam.older': 'Бұлардан бұрынғы қолтаңбаларды қарау',
  'admin.waitingMore': '{count}-дан астам',
};
