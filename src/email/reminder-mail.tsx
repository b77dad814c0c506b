import type { Translate } from '../i18n/index';
import { type MailContent, notMeFooter, renderHtml } from './templates';

/**
 * The one reminder, in the supporter's language, to a signature still unconfirmed two
 * days on: the same link as the confirmation (it still works), and "this wasn't me".
 */
export async function reminderMail(campaignTitle: string, name: string, url: string, t: Translate, lang: string, notMeUrl: string): Promise<MailContent> {
  const body = `${t('mail.hello', { name })}\n\n${t('mail.reminder.body', { title: campaignTitle })}`;
  const footer = notMeFooter(t, notMeUrl);
  return {
    subject: t('mail.reminder.subject', { title: campaignTitle }).slice(0, 200),
    text: `${body}\n\n${t('mail.confirm.link', { url })}\n\n${footer.text}`,
    html: await renderHtml(body, { label: t('confirm.button'), url }, footer.html, lang),
  };
}
