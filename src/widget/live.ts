import { conditionalJson, format, isCount, labelsOf, whileVisible } from './net';

/**
 * Keeps server-rendered `Progress` blocks (`[data-count-for]`) on our own pages live: the
 * campaign page and the iframe embed. Same origin, so plain relative URLs; the words come
 * with the count in the page's language (`<html lang>`).
 */
export function liveCounts(ms: number): void {
  const lang = document.documentElement.lang || 'en';
  for (const box of document.querySelectorAll<HTMLElement>('[data-count-for]')) {
    const slug = box.dataset.countFor ?? '';
    const load = conditionalJson(`/api/campaigns/${encodeURIComponent(slug)}/count?lang=${encodeURIComponent(lang)}`);
    whileVisible(async () => {
      const d = await load();
      // A cached answer older than what is shown (the page itself is never cached) is skipped.
      if (!isCount(d) || Date.parse(d.updatedAt) < Date.parse(box.dataset.updatedAt ?? '')) return;
      const labels = labelsOf(d);
      box.dataset.updatedAt = d.updatedAt;
      const set = (sel: string, text: string | undefined) => {
        const el = box.querySelector(sel);
        if (el && text !== undefined && el.textContent !== text) el.textContent = text;
      };
      set('[data-count]', format(d.count, lang));
      set('[data-count-label]', labels.signatures);
      set('[data-goal]', format(d.nextGoal, lang));
      set('[data-to-go]', labels.toGo);
      set('[data-today]', labels.today);
      const today = box.querySelector<HTMLElement>('[data-today]');
      if (today) today.hidden = !(d.today && d.today > 0);
      const bar = box.querySelector('progress');
      if (bar) {
        bar.max = d.nextGoal;
        bar.value = Math.min(d.count, d.nextGoal);
        if (labels.percent) bar.setAttribute('aria-label', labels.percent);
      }
    }, ms, false); // the page was rendered with the current count
  }
}
