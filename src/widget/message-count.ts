import { attachCounter, type Forms } from './char-count';
import { guard } from './net';

/** A data- attribute's JSON plural forms (rendered by views/message-field.tsx); none when unreadable. */
function forms(json: string | undefined): Forms {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  } catch {
    return {};
  }
}

// Every field with a limit (`data-limit`) gets its counter (`#<id>-count`, the hint that states the
// limit and describes the field; `#<id>-live`, a polite live region); a form
// whose field is over the limit is not sent: the field is focused, its counter says by how much.
// Without this script the hint states the limit and the server refuses a longer text with a message.
guard(() => {
  const lang = document.documentElement.lang || 'en';
  for (const field of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-limit]')) {
    const shown = document.getElementById(`${field.id}-count`);
    const live = document.getElementById(`${field.id}-live`);
    const max = Number(field.dataset.limit);
    if (!shown || !live || !(max > 0)) continue;
    const isOver = attachCounter(field, shown, live, max, { left: forms(shown.dataset.left), over: forms(shown.dataset.over) }, lang);
    field.form?.addEventListener('submit', (event) => {
      if (!isOver()) return;
      event.preventDefault();
      live.textContent = shown.textContent;
      field.focus();
    });
  }
})();
