import type { enMailStatus } from './en-mail-status';

/** Russian: the dashboard's mail status; part of `ru`. */
export const ruMailStatus: Record<keyof typeof enMailStatus, string> = {
  'mailStatus.heading': 'Почта и квота отправки',
  'mailStatus.paused': 'Отправка приостановлена: {reason}. До {until} (UTC), когда квота обновится, ничего не отправляется; затем ожидающие письма уйдут сами.',
  'mailStatus.reason.daily': 'дневная квота почтового сервиса исчерпана',
  'mailStatus.reason.monthly': 'месячная квота почтового сервиса исчерпана',
  'mailStatus.reason.other': 'почтовый сервис больше не принимает письма ({code})',
  'mailStatus.cost': 'Писем на одну подпись в квоте сервиса (считается каждый адрес в «Кому» и «Копия»): {count}.',
  'mailStatus.confirmation': 'просьба подтвердить подпись: 1',
  'mailStatus.campaignCopy': 'копия кампании («Кому» и «Копия»): {count}',
  'mailStatus.digestCopy': 'копии кампании: одна ежедневная сводка на всех ({count} в день)',
  'mailStatus.noCopy': 'копия кампании: нет (не пересылается)',
  'mailStatus.target': 'копия адресату, если сторонник его выбрал: 1',
  'mailStatus.receipt': 'квитанция стороннику: 1',
  'mailStatus.perDay': 'На бесплатном тарифе Resend ({perDay} писем в день) это около {signatures} подписей в день.',
  'mailStatus.digestLink': 'Отправлять копии кампании одной ежедневной сводкой',
};
