/** Formats a count for display. */
export function formatCount(n: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale).format(n);
}

/**
 * The count and a progress bar toward the goal now shown (the next milestone once the
 * campaign's own goal is passed), readable without CSS. `data-*` hooks let the page's
 * script update it live; `data-updated-at` keeps it from showing an older (cached) count.
 */
export function Progress({ count, goal, slug, updatedAt }: { count: number; goal: number; slug: string; updatedAt: string }) {
  const percent = Math.min(100, Math.round((count / goal) * 100));
  return (
    <div class="progress" data-count-for={slug} data-updated-at={updatedAt}>
      <p class="count" aria-live="polite">
        <strong data-count>{formatCount(count)}</strong> <span data-count-label>{count === 1 ? 'signature' : 'signatures'}</span>
        <span class="goal"> of a goal of <span data-goal>{formatCount(goal)}</span></span>
      </p>
      <progress max={goal} value={Math.min(count, goal)} aria-label={`${percent}% of the goal`} data-bar>
        {percent}%
      </progress>
    </div>
  );
}
