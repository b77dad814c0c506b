import { nameOnPage } from './countries';
import { conditionalJson, guard, whileVisible } from './net';
import { liveCounts } from './live';
import { normaliseSource, sourceParam } from '../lib/source';

type Message = { name: string; city: string; country: string; message: string };

function isMessage(x: unknown): x is Message {
  return (
    typeof x === 'object' && x !== null &&
    'name' in x && typeof x.name === 'string' &&
    'city' in x && typeof x.city === 'string' &&
    'country' in x && typeof x.country === 'string' &&
    'message' in x && typeof x.message === 'string'
  );
}

/** Redraws the wall (`[data-wall]`) from the messages endpoint; text only, never HTML. */
function liveWall(list: HTMLElement, ms: number): void {
  const load = conditionalJson(`/api/campaigns/${encodeURIComponent(list.dataset.wall ?? '')}/messages`);
  whileVisible(async () => {
    const data = await load();
    if (typeof data !== 'object' || data === null || !('messages' in data) || !Array.isArray(data.messages)) return;
    const messages = data.messages.filter(isMessage);
    // Unchanged text is not redrawn, so screen readers (aria-live) hear only what is new.
    const lang = document.documentElement.lang || 'en';
    // The country as the page names it: never a bare code where the browser has no name.
    const text = (m: Message) => `${m.message}— ${[m.name, m.city, nameOnPage(m.country, lang)].filter(Boolean).join(', ')}`;
    if (messages.length === 0) {
      // The last message was hidden or withdrawn: show the page's own empty-wall line.
      if (!list.querySelector('.empty')) {
        const li = document.createElement('li');
        li.className = 'empty';
        li.textContent = list.dataset.empty ?? '';
        list.replaceChildren(li);
      }
      return;
    }
    if (messages.map(text).join('') === list.textContent) return;
    list.replaceChildren(
      ...messages.map((m) => {
        const li = document.createElement('li');
        // As the page draws it: the message and the names each in their own direction.
        const quote = document.createElement('blockquote');
        quote.dir = 'auto';
        quote.textContent = m.message;
        const from = document.createElement('p');
        from.className = 'from';
        const name = document.createElement('bdi');
        name.textContent = m.name;
        const city = document.createElement('bdi');
        city.textContent = m.city;
        const country = nameOnPage(m.country, lang);
        from.append('— ', name, ', ', city, country ? `, ${country}` : '');
        li.append(quote, from);
        return li;
      }),
    );
  }, ms, false); // the page was rendered with the current wall
}

/**
 * A copy button next to each read-only snippet (which is selectable without JS anyway),
 * labelled in the page's language by the section's `data-*-label` attributes.
 */
function copyButtons(): void {
  for (const area of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-copy]')) {
    const words = area.closest<HTMLElement>('[data-copy-label]')?.dataset ?? {};
    const copy = words.copyLabel ?? 'Copy';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = copy;
    button.addEventListener(
      'click',
      guard(async () => {
        area.select();
        try {
          await navigator.clipboard.writeText(area.value);
          button.textContent = words.copiedLabel ?? 'Copied';
        } catch {
          button.textContent = words.copyByHandLabel ?? 'Press Ctrl+C to copy';
        }
        setTimeout(() => (button.textContent = copy), 2000);
      }),
    );
    area.after(button);
  }
}

/**
 * On a phone the form is below the appeal: a Sign button stays at the bottom of the screen
 * while neither the form nor the Sign button at the top is in sight (CSS keeps it off on a
 * desktop, where the form is always beside the appeal).
 */
function stickySign(): void {
  const bar = document.querySelector<HTMLElement>('[data-sticky-sign]');
  const watched = [...document.querySelectorAll('form.sign-form, .sign-now')];
  if (!bar || watched.length === 0 || typeof IntersectionObserver !== 'function') return;
  const inSight = new Map<Element, boolean>();
  const observer = new IntersectionObserver(
    guard((entries: IntersectionObserverEntry[]) => {
      for (const e of entries) inSight.set(e.target, e.isIntersecting);
      bar.hidden = [...inSight.values()].some(Boolean);
    }),
  );
  for (const el of watched) observer.observe(el);
}

/**
 * On a desktop the tally and the form stay in sight while the appeal scrolls. A column
 * taller than the window sticks by its bottom edge (CSS reads its height from --side-h),
 * so its Sign button is always reachable.
 */
function stickySide(): void {
  const side = document.querySelector<HTMLElement>('.campaign .side');
  if (!side) return;
  const measure = guard(() => {
    side.style.setProperty('--side-h', `${side.offsetHeight}px`);
    side.classList.add('sticks');
  });
  measure();
  if (typeof ResizeObserver === 'function') new ResizeObserver(measure).observe(side);
}

/**
 * Choosing a country suggests its embassy beside the list, with a button to choose it; the
 * list itself is never changed for the supporter (24.2: nobody else picks a target). Without
 * JavaScript there is simply no suggestion.
 */
function suggestTarget(): void {
  const country = document.querySelector<HTMLSelectElement>('select#country');
  const target = document.querySelector<HTMLSelectElement>('select#target');
  const hint = document.querySelector<HTMLElement>('[data-suggest]');
  const text = hint?.querySelector('span');
  const choose = hint?.querySelector('button');
  if (!country || !target || !hint || !text || !choose) return;
  let suggested = '';
  const show = guard(() => {
    const group = [...target.querySelectorAll<HTMLOptGroupElement>('optgroup')].find((g) => g.dataset.country === country.value);
    const option = group?.querySelector('option');
    suggested = option?.value ?? '';
    hint.hidden = !option || target.value === suggested;
    if (option && group) text.textContent = (hint.dataset.suggest ?? '').replace('{country}', group.label).replace('{target}', option.text);
  });
  country.addEventListener('change', show);
  target.addEventListener('change', show);
  choose.addEventListener('click', guard(() => {
    target.value = suggested;
    target.dispatchEvent(new Event('change'));
    target.focus();
  }));
}

/**
 * The page is the same for every visitor (cached), so the source of the visitor's link
 * (`?source=`, else UTM) goes into the form's hidden field from here. It is kept for the
 * tab (sessionStorage, per page), so switching language or reloading keeps it.
 */
function keepSource(): void {
  const field = document.querySelector<HTMLInputElement>('input[data-source]');
  if (!field) return;
  const key = `source:${location.pathname}`;
  const here = normaliseSource(sourceParam(new URLSearchParams(location.search)));
  let kept: string | null = null;
  try {
    if (here) sessionStorage.setItem(key, here);
    kept = sessionStorage.getItem(key);
  } catch {
    // Storage refused (private mode, a sandbox): this page's own address still counts.
  }
  field.value ||= here ?? kept ?? '';
}

// The campaign page: count and newest public messages stay live without a reload.
// `?interval=` (seconds, at least 2) polls faster, for tests and demos.
guard(() => {
  const seconds = Number(new URLSearchParams(location.search).get('interval'));
  const ms = (fallback: number) => Math.max(2, seconds > 0 ? seconds : fallback) * 1000;
  liveCounts(ms(15));
  for (const list of document.querySelectorAll<HTMLElement>('[data-wall]')) liveWall(list, ms(60));
  copyButtons();
  stickySign();
  stickySide();
  suggestTarget();
  keepSource();
})();
