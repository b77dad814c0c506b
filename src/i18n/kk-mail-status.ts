import type { enMailStatus } from './en-mail-status';

/** Kazakh: the dashboard's mail status; part of `kk`. */
export const kkMailStatus: Record<keyof typeof enMailStatus, string> = {
  'mailStatus.heading': 'Пошта және жіберу квотасы',
  'mailStatus.paused': 'Жіберу тоқтатылды: {reason}. Квота жаңарғанға дейін, {until} (UTC) дейін ештеңе жіберілмейді; содан кейін күтіп тұрған хаттар өздігінен кетеді.',
  'mailStatus.reason.daily': 'пошта қызметінің күндік квотасы таусылды',
  'mailStatus.reason.monthly': 'пошта қызметінің айлық квотасы таусылды',
  'mailStatus.reason.other': 'пошта қызметі бұдан әрі хат қабылдамайды ({code})',
  'mailStatus.cost': 'Бір қолтаңба қызмет квотасынан алатын хат саны (Кімге және Көшірме өрісіндегі әр мекенжай есептеледі): {count}.',
  'mailStatus.confirmation': 'қолтаңбаны растау өтініші: 1',
  'mailStatus.campaignCopy': 'науқанның көшірмесі (Кімге және Көшірме): {count}',
  'mailStatus.digestCopy': 'науқанның көшірмелері: барлығына бір күндік жинақ (күніне {count})',
  'mailStatus.noCopy': 'науқанның көшірмесі: жоқ (жіберілмейді)',
  'mailStatus.target': 'жақтаушы таңдаған адресатқа көшірме: 1',
  'mailStatus.receipt': 'жақтаушыға түбіртек: 1',
  'mailStatus.perDay': 'Resend тегін тарифінде (күніне {perDay} хат) бұл күніне шамамен {signatures} қолтаңба.',
  'mailStatus.digestLink': 'Науқан көшірмелерін бір күндік жинақпен жіберу',
};
