import { conditionalJson, format, isCount, whileVisible } from './net';

/**
 * Keeps server-rendered `Progress` blocks (`[data-count-for]`) on our own pages live: the
 * campaign page and the iframe embed. Same origin, so plain relative URLs.
 */
export function liveCounts(ms: number): void {
  for (const box of document.querySelectorAll<HTMLElement>('[data-count-for]')) {
    const slug = box.dataset.countFor ?? '';
    const load = conditionalJson(`/api/campaigns/${encodeURIComponent(slug)}/count`);
    whileVisible(async () => {
      const d = await load();
      // A cached answer older than what is shown (the page itself is never cached) is skipped.
      if (!isCount(d) || Date.parse(d.updatedAt) < Date.parse(box.dataset.updatedAt ?? '')) return;
      box.dataset.updatedAt = d.updatedAt;
      const set = (sel: string, text: string) => {
        const el = box.querySelector(sel);
        if (el && el.textContent !== text) el.textContent = text;
      };
      set('[data-count]', format(d.count, 'en'));
      set('[data-count-label]', d.count === 1 ? 'signature' : 'signatures');
      set('[data-goal]', format(d.nextGoal, 'en'));
      const bar = box.querySelector('progress');
      if (bar) {
        bar.max = d.nextGoal;
        bar.value = Math.min(d.count, d.nextGoal);
        bar.setAttribute('aria-label', `${Math.min(100, Math.round((d.count / d.nextGoal) * 100))}% of the goal`);
      }
    }, ms, false); // the page was rendered with the current count
  }
}
