import type { I18n } from '../i18n/lang';
import { Notice } from './layout';

/**
 * "This wasn't me" asks first, because mail scanners follow links: what pressing the
 * button does (erase, stop the mail, no signing with this address again), and the way
 * back to confirming for someone who did sign.
 */
export function NotMePage({ token, title, i18n }: { token: string; title: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('notMe.title')}>
      <p>{t('notMe.text', { title })}</p>
      <p>{t('notMe.what')}</p>
      <form method="post" action={link(`/s/${token}/not-me`)} class="buttons">
        <button type="submit" class="danger">{t('notMe.button')}</button>
        <a href={link(`/s/${token}`)} class="button secondary">{t('notMe.itWasMe')}</a>
      </form>
    </Notice>
  );
}

/** After the button: what was done, and what is kept (a keyed hash, nothing readable). */
export function NotMeDonePage({ title, i18n }: { title: string; i18n: I18n }) {
  const { t } = i18n;
  return (
    <Notice heading={t('notMe.done.heading')}>
      <p>{t('notMe.done.text', { title })}</p>
      <p>{t('notMe.done.kept')}</p>
    </Notice>
  );
}

/**
 * A confirmed signature was confirmed from this inbox, so "not me" is withdrawal: the
 * page says so and leads to the withdrawal page (which asks once more).
 */
export function NotMeConfirmedPage({ token, i18n }: { token: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('notMe.confirmed.heading')}>
      <p>{t('notMe.confirmed.text')}</p>
      <p class="buttons">
        <a href={link(`/s/${token}/withdraw`)} class="button">{t('thanks.withdrawLink')}</a>
        <a href={link(`/s/${token}`)} class="button secondary">{t('notMe.confirmed.see')}</a>
      </p>
    </Notice>
  );
}
