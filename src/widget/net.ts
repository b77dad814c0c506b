/** The count endpoint's body, as far as browser code relies on it. */
export type Count = { slug: string; title: string; count: number; goal: number; nextGoal: number; updatedAt: string; today?: number };

/**
 * The words the count endpoint sends with `?lang=` (see src/views/count-labels.ts): only
 * string fields are kept, so nothing else from the network is ever drawn.
 */
export function labelsOf(x: unknown): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  if (typeof x === 'object' && x !== null && 'labels' in x && typeof x.labels === 'object' && x.labels !== null) {
    for (const [k, v] of Object.entries(x.labels)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Never lets anything escape into the host page: errors end here, silently. */
export function guard<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      const r = fn(...args);
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // A broken counter must not break someone else's page.
    }
  };
}

/** True when `x` has the fields we draw; anything else from the network is ignored. */
export function isCount(x: unknown): x is Count {
  return (
    typeof x === 'object' && x !== null &&
    'title' in x && typeof x.title === 'string' &&
    'count' in x && typeof x.count === 'number' &&
    'nextGoal' in x && typeof x.nextGoal === 'number' && x.nextGoal > 0 &&
    'updatedAt' in x && typeof x.updatedAt === 'string'
  );
}

/**
 * GETs JSON, giving up quietly after 8 s. Resolves undefined when nothing changed (the same
 * ETag) or anything failed; the caller just tries again next time. The browser revalidates
 * its copy itself (`no-cache`: a 304 when nothing changed): an `If-None-Match` of our own
 * would make every poll from another site a CORS preflight first, one more Worker request.
 */
export function conditionalJson(url: string): () => Promise<unknown> {
  let etag = '';
  return async () => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 8000);
    try {
      const res = await fetch(url, { cache: 'no-cache', signal: ctrl.signal, credentials: 'omit' });
      const tag = res.headers.get('ETag') ?? '';
      if (!res.ok || (tag && tag === etag)) return undefined;
      etag = tag;
      return await res.json();
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * After this long without the visitor doing anything, live updates stop until they do: a tab
 * left open all day must not poll all day (each poll is a Worker request, and Workers Free
 * has 100,000 a day for the whole site).
 */
const QUIET_MS = 600_000;

/**
 * Runs `task` while the tab is visible (at once unless `now` is false, for content the server
 * has just rendered), `ms` later, then twice as long after each run: with 15 s, at 15, 45,
 * 105, 225 and 465 s. A poll that would fall more than ten minutes after the visitor last did
 * anything is not made; a click, key, scroll or return to the tab then polls at once and
 * starts again at `ms`. A hidden tab costs no requests; a poll due while it was hidden is
 * made on return.
 */
export function whileVisible(task: () => Promise<unknown>, ms: number, now = true): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let since = Date.now();
  let wait = ms;
  // When the next poll is due; 1 while one is under way, 0 once stopped.
  let due = 0;
  const plan = () => {
    due = Date.now() + wait;
    wait *= 2;
    if (due - since > QUIET_MS) due = 0;
    else if (!document.hidden) timer = setTimeout(run, due - Date.now());
  };
  const run = () => {
    due = 1;
    void task().catch(() => {}).finally(plan);
  };
  const wake = () => {
    clearTimeout(timer);
    if (document.hidden || due === 1) return;
    if (!due) (since = Date.now()), (wait = ms);
    if (due > Date.now()) timer = setTimeout(run, due - Date.now());
    else run();
  };
  document.addEventListener('visibilitychange', wake);
  for (const e of ['pointerdown', 'keydown', 'scroll']) addEventListener(e, () => due || wake(), { passive: true });
  if (now) run();
  else plan();
}

/** Formats a number for `lang`, falling back to English for a tag the browser rejects. */
export function format(n: number, lang: string): string {
  try {
    return n.toLocaleString(lang || undefined);
  } catch {
    return n.toLocaleString('en');
  }
}
