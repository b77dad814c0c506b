import { intlLocales } from '../lib/intl';
import type { I18n } from '../i18n/lang';

/** Formats a count for display in `locale`. */
export function formatCount(n: number, locale = 'en'): string {
  return new Intl.NumberFormat(intlLocales(locale)).format(n);
}

/**
 * The count and a progress bar toward the goal now shown (the next milestone once the
 * campaign's own goal is passed), readable without CSS. `data-*` hooks let the page's
 * script update it live; `data-updated-at` keeps it from showing an older (cached) count.
 */
export function Progress({ count, goal, slug, updatedAt, i18n }: { count: number; goal: number; slug: string; updatedAt: string; i18n: I18n }) {
  const { t, locale } = i18n;
  const percent = Math.min(100, Math.round((count / goal) * 100));
  const [before = '', after = ''] = t('count.ofGoal').split('{goal}');
  return (
    <div class="progress" data-count-for={slug} data-updated-at={updatedAt}>
      <p class="count" aria-live="polite">
        <strong data-count>{formatCount(count, locale)}</strong> <span data-count-label>{t('count.label', { count })}</span>
        <span class="goal"> {before}<span data-goal>{formatCount(goal, locale)}</span>{after}</span>
      </p>
      <progress max={goal} value={Math.min(count, goal)} aria-label={t('count.percent', { percent })} data-bar>
        {percent}%
      </progress>
    </div>
  );
}
