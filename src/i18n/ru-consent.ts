import type { enConsent } from './en-consent';

/** Russian: the choices a supporter makes where they confirm, and what each recipient gets (part of `ru`). */
export const ruConsent = {
  'error.target.required': 'Выберите посольство или вариант «Никакому посольству»',
  'form.recipients':
    'Выбранное вами посольство получит ваше имя, город, страну и послание, а адрес электронной почты — только если вы разрешите отвечать вам; организаторы кампании получат всё это и ваш адрес электронной почты.',
  'form.suggest': 'Предложение для страны «{country}»: {target}.',
  'form.suggestChoose': 'Выбрать',
  'confirm.intro': 'Пока ничего не отправлено. Вот что будет отправлено и показано от вашего имени: проверьте, измените что хотите и подтвердите.',
  'confirm.privacy': 'Уведомление о конфиденциальности',
  'confirm.boxes': 'Галочка стоит здесь, только если вы сами поставили её, когда подписывали в этом браузере.',
  'picket.confirm.review': 'Проверьте ответ перед подтверждением: ваше имя появится на странице пикета, только если вы поставите галочку.',
} satisfies Record<keyof typeof enConsent, string>;
