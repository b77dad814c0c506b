import type { I18n } from '../i18n/lang';
import { Notice } from './layout';

/**
 * The page behind an update's unsubscribe link: one button, which posts what a mail
 * provider's one-click button posts (RFC 8058), so both take the same way.
 */
export function UnsubscribePage({ token, title, slug, i18n }: { token: string; title: string; slug: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('unsubscribe.title')}>
      <p>{t('unsubscribe.lead', { title })}</p>
      <form method="post" action={link(`/u/${token}`)} class="buttons">
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">{t('unsubscribe.button')}</button>
        <a href={link(`/c/${slug}`)} class="button secondary">{t('unsubscribe.back')}</a>
      </form>
    </Notice>
  );
}

/** After unsubscribing (or for a supporter who gets no updates anyway). */
export function UnsubscribedPage({ title, slug, i18n }: { title: string; slug: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('unsubscribe.doneTitle')}>
      <p>{t('unsubscribe.done', { title })}</p>
      <p><a href={link(`/c/${slug}`)}>{t('unsubscribe.back')}</a></p>
    </Notice>
  );
}
