import { browserCountryList, countryList, type CountryOption } from './countries';
import { guard } from './net';

type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, text?: string) => HTMLElementTagNameMap[K];

/** A property of a JSON answer, whatever its shape (undefined when there is none). */
const pick = (o: unknown, key: string): unknown => (o && typeof o === 'object' ? Reflect.get(o, key) : undefined);

/** The answer's message, else its first issue's, else its error's, as plain text. */
function messageOf(data: unknown, fallback: string): string {
  const error = pick(data, 'error');
  const issues = pick(error, 'issues');
  const text = pick(data, 'message') ?? pick(Array.isArray(issues) ? issues[0] : null, 'message') ?? pick(error, 'message');
  return typeof text === 'string' ? text : fallback;
}

/**
 * The short inline form of `data-variant="full"`: signs through the JSON API (CORS) and
 * tells the supporter to confirm from their inbox. Nothing counts until they do.
 */
export function signForm(make: Make, api: string, page: string, L: Record<string, string | undefined>, lang: string, source: string, preset = ''): HTMLFormElement {
  const form = make('form', { novalidate: '' });
  const field = (label: string | undefined, input: HTMLElement) => {
    const l = make('label', {}, `${label ?? ''} `);
    l.append(input);
    form.append(l);
  };
  field(L.name, make('input', { name: 'name', required: '', maxlength: '100', autocomplete: 'name' }));
  field(L.email, make('input', { name: 'email', type: 'email', required: '', autocomplete: 'email' }));
  const country = make('select', { name: 'country', required: '' });
  // No guess from the browser's language (en-US is not a country of residence): only the host's data-country.
  const mine = preset.toUpperCase();
  // The browser's names at once; the server's (the campaign page's, Kazakh too) when they come.
  const fill = (list: CountryOption[]) => {
    const chosen = country.value || mine;
    country.replaceChildren(make('option', { value: '' }, '—'));
    for (const c of list) country.append(make('option', c.code === chosen ? { value: c.code, selected: '' } : { value: c.code }, c.name));
  };
  fill(browserCountryList(lang));
  guard(async () => {
    const list = await countryList(new URL(api).origin, lang);
    if (list) fill(list);
  })();
  field(L.country, country);
  field(L.city, make('input', { name: 'city', required: '', maxlength: '100' }));
  const consent = make('label');
  // Languages put the link in different places: the sentence marks it with {privacy}.
  const [before = '', after = ''] = (L.consent ?? '{privacy}').split('{privacy}');
  consent.append(make('input', { type: 'checkbox', name: 'consent', required: '' }), ` ${before}`, make('a', { href: `${page}/privacy?lang=${lang}`, target: '_blank' }, L.privacy ?? ''), after);
  // No embassy here (no room for ~40 to choose from): said plainly, and sent as the choice
  // "none"; the page behind the link in the mail offers every target and every box.
  const target = make('p', { class: 'm' }, L.noTarget ?? '');
  target.append(make('input', { type: 'hidden', name: 'target', value: 'none' }));
  const status = make('p', { class: 'm', role: 'status' });
  form.append(target, consent, make('button', { type: 'submit' }, L.sign ?? ''), status);
  form.addEventListener(
    'submit',
    guard(async (event: Event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      status.textContent = '…';
      try {
        const res = await fetch(api, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...data, consent: data.consent === 'on', source }),
          credentials: 'omit',
        });
        const body: unknown = await res.json().catch(() => null);
        status.textContent = messageOf(body, (res.ok ? L.sent : L.failed) ?? '');
        if (res.ok) form.replaceChildren(status);
      } catch {
        status.textContent = L.offline ?? '';
      }
    }),
  );
  return form;
}
