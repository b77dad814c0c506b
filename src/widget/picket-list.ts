import { conditionalJson, guard, whileVisible } from './net';

// Embed: <script async src="https://HOST/picket-list.js" data-campaign="slug" data-show="pickets"></script>
// (data-lang: else the browser's language), or <div data-solidarity-pickets="slug"></div>
// anywhere, also added later. A campaign's upcoming pickets from the cached JSON endpoint,
// kept live while the tab is visible; the words come with the data, so no catalogs here.
// Only string fields are drawn, as text, in a shadow root the host page's CSS cannot reach.
const CSS = `:host{all:initial;display:block;max-width:420px;margin:8px 0}
.w{font:15px/1.4 system-ui,sans-serif;color:#1c1b1a;background:#fff;border:1px solid #e3ddd2;border-radius:12px;padding:12px 14px}
ul{margin:0;padding:0;list-style:none;display:grid;gap:8px}a{color:#8c1c15;font-weight:600}s{color:#6b655c}`;

type Item = { where: string; when: string; url: string; status: string };

const text = (o: object, k: string): string | null => {
  const v: unknown = k in o ? Reflect.get(o, k) : undefined;
  return typeof v === 'string' ? v : null;
};

/** The pickets in an answer, as far as they have the string fields we draw; anything else is ignored. */
function items(x: unknown): Item[] {
  const list: unknown = typeof x === 'object' && x !== null && 'pickets' in x ? x.pickets : null;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown) => {
    if (typeof p !== 'object' || p === null) return [];
    const [where, when, url] = [text(p, 'where'), text(p, 'when'), text(p, 'url')];
    return where && when && url && /^https?:/.test(url) ? [{ where, when, url, status: text(p, 'status') ?? '' }] : [];
  });
}

guard(() => {
  const me = document.currentScript;
  if (!(me instanceof HTMLScriptElement) || !me.src) return;
  const base = new URL(me.src).origin;
  const mount = guard((host: HTMLElement, slug: string | undefined, lang: string | undefined) => {
    if (!slug || host.shadowRoot) return;
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = CSS;
    const list = document.createElement('ul');
    list.className = 'w';
    list.setAttribute('aria-live', 'polite');
    root.append(style, list);
    const load = conditionalJson(`${base}/api/campaigns/${encodeURIComponent(slug)}/pickets?lang=${encodeURIComponent(lang || navigator.language)}`);
    whileVisible(async () => {
      const data = await load();
      if (data === undefined) return;
      list.replaceChildren(...items(data).map((p) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = p.url;
        a.target = '_blank';
        a.rel = 'noopener';
        a.textContent = p.where;
        const when = document.createElement(p.status === 'cancelled' ? 's' : 'span');
        when.textContent = p.when;
        li.append(a, document.createElement('br'), when);
        return li;
      }));
    }, 60_000);
  });
  if (me.dataset.campaign) {
    const host = document.createElement('div');
    me.after(host);
    mount(host, me.dataset.campaign, me.dataset.lang);
  }
  const placeholders = guard(() => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-solidarity-pickets]')) mount(el, el.dataset.solidarityPickets, el.dataset.lang);
  });
  placeholders();
  new MutationObserver(placeholders).observe(document.documentElement, { childList: true, subtree: true });
})();
