import { intlLocales } from '../lib/intl';
import type { I18n } from '../i18n/lang';

/** Formats a count for display in `locale`. */
export function formatCount(n: number, locale = 'en'): string {
  return new Intl.NumberFormat(intlLocales(locale)).format(n);
}

export type ProgressProps = {
  count: number;
  /** The goal shown now: the campaign's goal, or the next milestone once it is passed. */
  goal: number;
  /** Confirmations today; the line is left out when absent (the iframe has no room). */
  today?: number;
  slug: string;
  /** When the count last changed (ISO), so the live script never shows an older one. */
  updatedAt: string;
  i18n: I18n;
};

/**
 * The count, a bold bar toward the goal now shown, "N to go" and today's signatures,
 * readable without CSS. `data-*` hooks let the page's script update it live (the words come
 * with the count endpoint's labels); `data-updated-at` keeps it from showing an older count.
 */
export function Progress({ count, goal, today, slug, updatedAt, i18n }: ProgressProps) {
  const { t, locale } = i18n;
  const percent = Math.min(100, Math.round((count / goal) * 100));
  const [before = '', after = ''] = t('count.goal').split('{goal}');
  return (
    <div class="progress" data-count-for={slug} data-updated-at={updatedAt}>
      <p class="count" aria-live="polite">
        <strong data-count>{formatCount(count, locale)}</strong> <span data-count-label>{t('count.label', { count })}</span>
      </p>
      <progress max={goal} value={Math.min(count, goal)} aria-label={t('count.percent', { percent })} data-bar>
        {percent}%
      </progress>
      <p class="progress-meta">
        <strong class="to-go" data-to-go>{t('count.toGo', { count: Math.max(0, goal - count) })}</strong>
        <span class="goal">{before}<span data-goal>{formatCount(goal, locale)}</span>{after}</span>
      </p>
      {/* "0 signed today" says nothing: the line shows from the first one (campaign.js keeps it live). */}
      {today !== undefined && <p class="today" data-today hidden={today === 0}>{t('count.today', { count: today })}</p>}
    </div>
  );
}
