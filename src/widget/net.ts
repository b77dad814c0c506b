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
 * GETs JSON with `If-None-Match`, giving up quietly after 8 s. Resolves undefined when
 * nothing changed (304) or anything failed; the caller just tries again next time.
 */
export function conditionalJson(url: string): () => Promise<unknown> {
  let etag = '';
  return async () => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 8000);
    try {
      const res = await fetch(url, { headers: etag ? { 'If-None-Match': etag } : {}, signal: ctrl.signal, credentials: 'omit' });
      if (!res.ok) return undefined;
      etag = res.headers.get('ETag') ?? '';
      return await res.json();
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Runs `task` every `ms` while the tab is visible (and at once unless `now` is false, for
 * content the server has just rendered); a hidden tab costs no requests.
 */
export function whileVisible(task: () => Promise<unknown>, ms: number, now = true): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    if (!document.hidden) timer = setTimeout(run, ms);
  };
  const run = () => {
    task().catch(() => {}).finally(schedule);
  };
  document.addEventListener('visibilitychange', guard(() => (document.hidden ? clearTimeout(timer) : run())));
  if (now) run();
  else schedule();
}

/** Formats a number for `lang`, falling back to English for a tag the browser rejects. */
export function format(n: number, lang: string): string {
  try {
    return n.toLocaleString(lang || undefined);
  } catch {
    return n.toLocaleString('en');
  }
}
