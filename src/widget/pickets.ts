/**
 * pickets.js: what the cached campaign and picket pages cannot know of a visitor. Each
 * `[data-start][data-zone]` gets the start in the visitor's own time where that differs
 * ("14:00 your time"); the pickets of the visitor's country (the form's country, else the
 * browser's language region; never a geolocation service) move first, or, when it has
 * none, a line points to the email protest. Never throws into the page.
 */
import { nameOnPage } from './countries';

const lang = document.documentElement.lang || 'en';

function clock(zone?: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat([lang, 'en'], { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
}

function yourTimes(): void {
  const mine = clock();
  for (const el of document.querySelectorAll<HTMLElement>('[data-start][data-zone]')) {
    const slot = el.querySelector('[data-your-time]');
    const template = el.closest<HTMLElement>('[data-your]')?.dataset.your;
    if (!slot || !template) continue;
    const at = new Date(el.dataset.start ?? '');
    const there = clock(el.dataset.zone).format(at);
    const here = mine.format(at);
    // Same day as there: the time alone ("14:00 your time"); another day: with the date.
    const sameDay = there.replace(/\D*\d{1,2}:\d{2}\D*/, '') === here.replace(/\D*\d{1,2}:\d{2}\D*/, '');
    const shown = sameDay ? (here.match(/\d{1,2}:\d{2}/)?.[0] ?? here) : here;
    slot.textContent = here === there ? '' : ` — ${template.replace('{time}', shown)}`;
  }
}

function visitorCountry(): string {
  const chosen = document.querySelector<HTMLSelectElement>('select[name="country"]')?.value;
  if (chosen) return chosen.toUpperCase();
  return (/[-_]([A-Za-z]{2})\b/.exec(navigator.language)?.[1] ?? '').toUpperCase();
}

function nearFirst(section: HTMLElement): void {
  const country = visitorCountry();
  const none = section.querySelector<HTMLElement>('[data-pickets-none]');
  const groups = section.querySelectorAll<HTMLElement>('.picket-country');
  const first = groups[0];
  if (!none || !first || !country) return;
  const mine = section.querySelector<HTMLElement>(`.picket-country[data-country="${country}"]`);
  for (const g of groups) g.classList.toggle('yours', g === mine);
  if (mine && mine !== first) first.before(mine);
  none.hidden = mine !== null;
  const line = none.querySelector('span');
  // The name as the page's own country list gives it (the server's, in the page's language);
  // else the browser's, which may have none (Chromium has no Kazakh country names): then no line.
  const name = nameOnPage(country, lang);
  if (!name) none.hidden = true;
  else if (!mine && line) line.textContent = (section.dataset.noneHere ?? '').replace('{country}', name);
}

try {
  yourTimes();
  const section = document.querySelector<HTMLElement>('[data-pickets]');
  if (section) {
    nearFirst(section);
    document.querySelector('select[name="country"]')?.addEventListener('change', () => nearFirst(section));
  }
} catch {
  // A page without Intl time zones keeps the times as printed.
}
