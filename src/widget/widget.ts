import './widget-form-type';
import { conditionalJson, format, guard, isCount, labelsOf, whileVisible } from './net';
import { CSS } from './style';

// Embed: <script async id="solidarity-widget" src="https://HOST/widget.js" data-campaign="slug"></script>,
// or <div data-solidarity-campaign="slug"></div> anywhere, also added later. Options:
// data-variant="full", data-interval (seconds), data-lang (else the browser's language),
// data-source (where the signatures count from on the dashboard; default: this page's host
// name). The endpoint is the origin this script came from (its tag found as currentScript, or
// by id where a loader hides that); the words come with the count in that language, and the
// form's with its own request: no catalogs here.
guard(() => {
  const me = [document.currentScript, document.getElementById('solidarity-widget')].find((s) => s instanceof HTMLScriptElement && s.src);
  if (!(me instanceof HTMLScriptElement)) return;
  const base = new URL(me.src).origin;

  // widget-form.js, once for every full widget on the page.
  let formScript: Promise<unknown> | undefined;
  const loadForm = () =>
    (formScript ??= new Promise((onload, onerror) => document.head.append(Object.assign(document.createElement('script'), { src: `${base}/widget-form.js`, onload, onerror }))));

  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = '') => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text) el.textContent = text;
    return el;
  };

  const mount = guard((host: HTMLElement, slug: string | undefined, opts: DOMStringMap) => {
    if (!slug || host.shadowRoot) return;
    const root = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      root.append(make('style', {}, CSS));
    }
    const chosen = opts.lang ?? '';
    const source = opts.source || location.hostname;
    const page = `${base}/c/${encodeURIComponent(slug)}`;
    const api = `${base}/api/campaigns/${encodeURIComponent(slug)}`;
    const box = make('div', { class: 'w', part: 'widget' });
    const title = make('p', { class: 't' });
    const line = make('p', { class: 'n', 'aria-live': 'polite' });
    const bar = make('div', { class: 'b', role: 'progressbar', 'aria-valuemin': '0' });
    const fill = make('i');
    bar.append(fill);
    const link = make('a', { class: 's', href: `${page}?source=${encodeURIComponent(source)}${chosen ? `&lang=${encodeURIComponent(chosen)}` : ''}`, target: '_blank', rel: 'noopener' });
    const full = opts.variant === 'full';
    let form = false;
    // Every variant names its campaign; the full variant's Sign button is its form's: one, not two.
    box.append(title, line, bar);
    if (!full) box.append(link);
    root.append(box);

    const draw = (d: unknown) => {
      if (!isCount(d)) return;
      const L = labelsOf(d);
      const lang = L.lang ?? 'en';
      box.lang = lang;
      title.textContent = d.title;
      line.replaceChildren(make('b', {}, format(d.count, lang)), ` ${L.signatures ?? ''} · ${L.goal ?? ''}`);
      bar.setAttribute('aria-label', L.progress ?? '');
      bar.setAttribute('aria-valuemax', String(d.nextGoal));
      bar.setAttribute('aria-valuenow', String(d.count));
      fill.style.width = `${Math.min(100, (d.count / d.nextGoal) * 100)}%`;
      link.textContent = L.sign ?? '';
      // The form waits for the first answer (its language) and for its script, which loads the rest.
      if (full && !form) {
        loadForm().then(
          guard(() => window.solidarityForm && box.append(window.solidarityForm(make, { api, page, lang, source }))),
          () => {},
        );
      }
      form = true;
    };
    const load = conditionalJson(`${api}/count?lang=${encodeURIComponent(chosen || navigator.language)}`);
    const seconds = Number(opts.interval);
    whileVisible(async () => {
      draw(await load());
    }, Math.max(2, seconds > 0 ? seconds : 30) * 1000);
  });

  if (me.dataset.campaign) {
    const host = make('div');
    me.after(host);
    mount(host, me.dataset.campaign, me.dataset);
  }
  const placeholders = guard(() => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-solidarity-campaign]')) mount(el, el.dataset.solidarityCampaign, el.dataset);
  });
  placeholders();
  // Placeholders the host page adds later (a single-page app, a late ad slot) are mounted too.
  new MutationObserver(placeholders).observe(document.documentElement, { childList: true, subtree: true });

  // Sizes our iframe embeds on this page to the height they report.
  window.addEventListener(
    'message',
    guard((e: MessageEvent) => {
      const height: unknown = typeof e.data === 'object' && e.data !== null && 'height' in e.data ? e.data.height : null;
      if (e.origin !== base || typeof height !== 'number' || !(height > 0 && height < 5000)) return;
      for (const frame of document.querySelectorAll('iframe')) if (frame.contentWindow === e.source) frame.style.height = `${height}px`;
    }),
  );
})();
