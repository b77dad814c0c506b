import type { Locale, Translate } from '../i18n/index';
import type { PublicCount } from '../db/counts';

/**
 * What the widget and the live pages write around a count, in one language: sent with the
 * count (`?lang=`) so the widget ships no catalogs. `consent` keeps a `{privacy}` placeholder
 * where the privacy link goes, since languages put it in different places.
 */
export function countLabels(count: PublicCount, t: Translate, locale: Locale) {
  const percent = Math.min(100, Math.round((count.count / count.nextGoal) * 100));
  return {
    lang: locale,
    signatures: t('count.label', { count: count.count }),
    goal: t('count.widgetGoal', { goal: count.nextGoal }),
    toGo: t('count.toGo', { count: Math.max(0, count.nextGoal - count.count) }),
    today: t('count.today', { count: count.today }),
    percent: t('count.percent', { percent }),
    progress: t('count.progress'),
    sign: t('form.submit'),
    name: t('form.name'),
    email: t('form.email'),
    country: t('form.country'),
    city: t('form.city'),
    consent: t('form.consent'),
    privacy: t('form.privacyLink'),
    noTarget: t('form.noTarget'),
    sent: t('form.checkInbox'),
    failed: t('form.failed'),
    offline: t('form.offline'),
  };
}
