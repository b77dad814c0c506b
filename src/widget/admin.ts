import { exportForms } from './export';
import { guard } from './net';

/**
 * Every `<time data-local>` in the browser's own time zone and the page's language (the
 * server wrote it in UTC): organisers read times as their clock shows them, and no zone
 * is sent anywhere. The zone's name goes in the tooltip.
 */
function localTimes(): void {
  const lang = document.documentElement.lang || 'en';
  const format = new Intl.DateTimeFormat([lang, 'en'], { dateStyle: 'medium', timeStyle: 'short' });
  const zone = format.resolvedOptions().timeZone;
  for (const el of document.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    const at = new Date(el.dateTime);
    if (Number.isNaN(at.getTime())) continue;
    el.title = `${el.textContent ?? ''} · ${zone}`;
    el.textContent = format.format(at);
  }
}

/** "All on this page" ticks (or clears) every message's box; without the script the server reads it instead. */
function selectAll(): void {
  for (const all of document.querySelectorAll<HTMLInputElement>('input[data-select-all]')) {
    const boxes = () => document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${all.form?.id ?? ''}"][name=id]`);
    all.addEventListener('change', guard(() => {
      for (const box of boxes()) box.checked = all.checked;
    }));
  }
}

/**
 * The picket form: choosing an embassy fills in its country, its city (where empty) and the
 * zone of that place, which the server worked out (data- attributes); all stay editable.
 */
function picketPlace(): void {
  const target = document.querySelector<HTMLSelectElement>('#picket-target');
  const field = (name: string) => document.querySelector<HTMLInputElement>(`#picket-${name}`);
  if (!target) return;
  target.addEventListener('change', guard(() => {
    const chosen = target.selectedOptions[0]?.dataset;
    const [country, city, zone] = [field('country'), field('city'), field('timeZone')];
    if (!chosen?.country) return;
    if (country) country.value = chosen.country;
    if (city && !city.value && chosen.city) city.value = chosen.city;
    if (zone && chosen.zone) zone.value = chosen.zone;
  }));
}

// The organiser's pages.
guard(() => {
  localTimes();
  selectAll();
  picketPlace();
  exportForms();
})();
