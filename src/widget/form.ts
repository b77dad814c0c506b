import { browserCountryList, type CountryOption, countryName } from './countries';
import { format, guard, labelsOf } from './net';

type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, text?: string) => HTMLElementTagNameMap[K];
type Labels = Record<string, string | undefined>;
type Target = { id: string; name: string; country: string };
type Issue = { field: string; message: string };

/** Where the form signs and what the host page set (see widget.ts). */
export type FormOptions = { api: string; page: string; lang: string; source: string };

/** A property of a JSON answer, whatever its shape (undefined when there is none). */
const pick = (o: unknown, key: string): unknown => (o && typeof o === 'object' ? Reflect.get(o, key) : undefined);
const text = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The answer's issues, each with a field and a message; anything else from the network is dropped. */
function issuesOf(body: unknown): Issue[] {
  const list = pick(pick(body, 'error'), 'issues');
  return Array.isArray(list) ? list.map((i) => ({ field: text(pick(i, 'field')), message: text(pick(i, 'message')) })).filter((i) => i.message) : [];
}

/** The countries as the campaign page names and sorts them (Kazakh too, which browsers lack); null when the answer has none. */
function countriesOf(data: unknown): CountryOption[] | null {
  const list = pick(data, 'countries');
  if (!Array.isArray(list)) return null;
  return list.map((c) => ({ code: text(pick(c, 'code')), name: text(pick(c, 'name')) })).filter((c) => c.code && c.name);
}

function targetsOf(data: unknown): Target[] {
  const list = pick(data, 'targets');
  return Array.isArray(list) ? list.map((x) => ({ id: text(pick(x, 'id')), name: text(pick(x, 'name')), country: text(pick(x, 'country')) })).filter((x) => x.id) : [];
}

/** Sorts in `lang`'s order, falling back to the browser's for a tag it rejects. */
function collator(lang: string): Intl.Collator {
  try {
    return new Intl.Collator(lang);
  } catch {
    return new Intl.Collator();
  }
}

// Inside the widget's shadow root, beside its own CSS (style.ts): only the form variant pays for it.
const CSS = `form{display:grid;grid-template-columns:minmax(0,1fr);gap:4px;margin-top:10px;overflow-wrap:anywhere}label{font-size:.9em;margin-top:6px}input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #8f897e;border-radius:6px;width:100%;box-sizing:border-box}.k input{width:auto}
textarea{min-height:4.5em;resize:vertical}[aria-invalid=true]{border:2px solid #a4000f}.e{color:#a4000f;font-weight:700;margin:0}.c,.h{font-size:.85em;color:#5b5750;margin:0}
.k{display:flex;gap:8px;align-items:flex-start;margin-top:6px}.k label{margin:0}.k input{margin-top:4px}
.sum{border:3px solid #a4000f;border-radius:8px;padding:8px 10px}.sum p{font-weight:700}.sum ul{margin:0;padding-inline-start:18px}.sum a{color:#a4000f}[hidden]{display:none!important}`;

/**
 * The signing form of `data-variant="full"`: loads its words and targets (GET …/form), then
 * draws name, email, country (named and sorted in the visitor's language), city, the message
 * with the characters left, the target (a required choice: nothing chosen, "No embassy"
 * offered, as on the campaign page) and the consent box. It signs through the JSON API (CORS)
 * and shows every refused field at once, each marked and described, with a summary.
 * Nothing counts until the supporter confirms from their inbox, where they choose the boxes.
 */
export function signForm(make: Make, o: FormOptions): HTMLElement {
  const box = make('div');
  fetch(`${o.api}/form?lang=${encodeURIComponent(o.lang)}`, { credentials: 'omit' })
    .then((res) => (res.ok ? res.json() : null))
    .then(guard((data: unknown) => data && box.append(draw(make, data, o))))
    .catch(() => {});
  return box;
}

function draw(make: Make, data: unknown, o: FormOptions): HTMLFormElement {
  const L: Labels = labelsOf(data);
  const lang = text(pick(data, 'lang')) || o.lang;
  const max = Number(pick(data, 'max')) || 2000;
  const order = collator(lang);
  const form = make('form', { novalidate: '' });
  const summary = make('div', { class: 'sum', role: 'alert', tabindex: '-1', hidden: '' });
  form.append(summary);
  // Each field, its error line and what describes it besides (the counter, the recipients).
  const fields = new Map<string, { el: HTMLElement; error: HTMLElement; describedBy: string }>();
  const add = (name: string, label: string | undefined, el: HTMLElement, ...after: HTMLElement[]) => {
    el.id = `w-${name}`;
    el.setAttribute('name', name);
    const error = make('p', { class: 'e', id: `w-${name}-e`, hidden: '' });
    const describedBy = after.map((a) => a.id).join(' ');
    if (describedBy) el.setAttribute('aria-describedby', describedBy);
    fields.set(name, { el, error, describedBy });
    if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      const row = make('div', { class: 'k' });
      row.append(el, make('label', { for: el.id }));
      form.append(row, error);
    } else form.append(make('label', { for: el.id }, label ?? ''), el, ...after, error);
    return el;
  };
  const mark = (name: string, message: string) => {
    const f = fields.get(name);
    if (!f) return false;
    f.el.setAttribute('aria-invalid', 'true');
    f.el.setAttribute('aria-describedby', `${f.error.id} ${f.describedBy}`.trim());
    f.error.textContent = message;
    f.error.hidden = false;
    return true;
  };
  const clear = (name: string) => {
    const f = fields.get(name);
    if (!f) return;
    f.el.removeAttribute('aria-invalid');
    if (f.describedBy) f.el.setAttribute('aria-describedby', f.describedBy);
    else f.el.removeAttribute('aria-describedby');
    f.error.hidden = true;
  };

  add('name', L.name, make('input', { required: '', maxlength: '100', autocomplete: 'name' }));
  add('email', L.email, make('input', { type: 'email', required: '', autocomplete: 'email' }));
  const country = make('select', { required: '', autocomplete: 'country' });
  // Nothing chosen, as on the campaign page: no guess from the browser's language (en-US is not
  // a country of residence), and no preset by the host page (the country goes out in the
  // supporter's name, so they choose it).
  country.append(make('option', { value: '' }, L.choose ?? ''));
  const countries = countriesOf(data) ?? browserCountryList(lang);
  const nameOf = new Map(countries.map((c) => [c.code, c.name]));
  for (const c of countries) country.append(make('option', { value: c.code }, c.name));
  add('country', L.country, country);
  add('city', L.city, make('input', { required: '', maxlength: '100', autocomplete: 'address-level2' }));

  // No maxlength: a pasted text is never cut; past the limit it is refused with a message.
  const message = make('textarea', { rows: '3' });
  const counter = make('p', { class: 'c', id: 'w-message-c' });
  add('message', `${L.message ?? ''} ${L.optional ?? ''}`, message, counter);
  const recount = () => {
    const left = max - message.value.length;
    counter.textContent = (left < 0 ? L.over : L.left)?.replace('{count}', format(Math.abs(left), lang)) ?? '';
    if (left < 0) mark('message', L.long ?? '');
    else clear('message');
  };
  message.addEventListener('input', guard(recount));
  recount();

  const targets = targetsOf(data);
  const recipients = make('p', { class: 'h', id: 'w-target-r' }, L.recipients ?? '');
  if (targets.length === 0) {
    // A campaign with no targets: the choice is "no embassy", as the campaign page sends it.
    form.append(make('input', { type: 'hidden', name: 'target', value: 'none' }), recipients);
  } else {
    // Nothing chosen: "Choose…" is refused, "No embassy" is a choice like any embassy.
    const target = make('select', { required: '' });
    target.append(make('option', { value: '' }, L.choose ?? ''), make('option', { value: 'none' }, L.noTarget ?? ''));
    const groups = new Map<string, Target[]>();
    for (const t of targets) groups.set(t.country, [...(groups.get(t.country) ?? []), t]);
    const byName = [...groups.keys()].map((code) => [code, nameOf.get(code) ?? countryName(code, lang)] as const).sort((a, b) => order.compare(a[1], b[1]));
    for (const [code, name] of byName) {
      const group = make('optgroup', { label: name });
      for (const t of (groups.get(code) ?? []).sort((a, b) => order.compare(a.name, b.name))) group.append(make('option', { value: t.id }, t.name));
      target.append(group);
    }
    add('target', L.target, target, recipients);
  }

  const consent = add('consent', '', make('input', { type: 'checkbox', required: '' }));
  // Languages put the link in different places: the sentence marks it with {privacy}.
  const [before = '', after = ''] = (L.consent ?? '{privacy}').split('{privacy}');
  consent.nextElementSibling?.append(before, make('a', { href: `${o.page}/privacy?lang=${lang}`, target: '_blank', rel: 'noopener' }, L.privacy ?? ''), after);
  const status = make('p', { class: 'm', role: 'status' });
  form.append(make('button', { type: 'submit' }, L.sign ?? ''), status);

  /** Every refused field at once: marked, its message under it, and a summary linking to each. */
  const show = (issues: Issue[]) => {
    for (const name of fields.keys()) clear(name);
    const list = make('ul');
    for (const issue of issues) {
      const item = make('li');
      if (mark(issue.field, issue.message)) {
        const el = fields.get(issue.field)?.el;
        const link = make('a', { href: `#w-${issue.field}` }, issue.message);
        // The summary lives in a shadow root: its links focus their field themselves.
        link.addEventListener('click', (e) => (e.preventDefault(), el?.focus()));
        item.append(link);
      } else item.textContent = issue.message;
      list.append(item);
    }
    summary.replaceChildren(make('p', {}, L.correct ?? ''), list);
    summary.hidden = false;
    summary.focus();
  };

  form.addEventListener(
    'submit',
    guard(async (event: Event) => {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form));
      status.textContent = '…';
      try {
        const res = await fetch(`${o.api}/signatures?lang=${encodeURIComponent(lang)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...values, consent: values.consent === 'on', source: o.source }),
          credentials: 'omit',
        });
        const body: unknown = await res.json().catch(() => null);
        const issues = issuesOf(body);
        status.textContent = issues.length ? '' : text(pick(body, 'message')) || text(pick(pick(body, 'error'), 'message')) || ((res.ok ? L.sent : L.failed) ?? '');
        if (res.ok) form.replaceChildren(status);
        else if (issues.length) show(issues);
      } catch {
        status.textContent = L.offline ?? '';
      }
    }),
  );
  return withStyles(form);
}

/** Adds the form's CSS to the shadow root it is drawn in, once it is there. */
function withStyles(form: HTMLFormElement): HTMLFormElement {
  queueMicrotask(() => {
    const root = form.getRootNode();
    if (!(root instanceof ShadowRoot)) return;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = CSS;
      root.append(style);
    }
  });
  return form;
}
