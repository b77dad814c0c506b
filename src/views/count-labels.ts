import type { Locale, Translate } from '../i18n/index';
import type { PublicCount } from '../db/counts';

/**
 * What the widget and the live pages write around a count, in one language: sent with the
 * count (`?lang=`) so the widget ships no catalogs; the signing form's words come with its own
 * answer (`GET …/form`, views/widget-form-data.ts), not with every poll.
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
  };
}
