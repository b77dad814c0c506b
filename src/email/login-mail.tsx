import type { I18n } from '../i18n/lang';
import type { MailContent } from './templates';
import { renderHtml } from './templates';

/** The organiser's one-time sign-in link, in the language they asked for it in. */
export async function loginMail(url: string, ttlMinutes: number, { t, locale }: I18n): Promise<MailContent> {
  const body = `${t('mail.login.hello')}\n\n${t('mail.login.body', { minutes: ttlMinutes })}`;
  const footer = t('mail.login.ignore');
  return {
    subject: t('mail.login.subject'),
    text: `${body}\n\n${t('mail.login.link', { url })}\n\n${footer}`,
    html: await renderHtml(body, { label: t('admin.signInButton'), url }, footer, locale),
  };
}
