/** The public origin for links in emails and previews: PUBLIC_URL when set, else the request's origin (no trailing slash). */
export function publicOrigin(publicUrl: string | undefined, requestUrl: string): string {
  return (publicUrl || new URL(requestUrl).origin).replace(/\/$/, '');
}

// Request URLs as workerd serialises them: `scheme://host[:port]/path[?query]`, no fragment.
// These read them without parsing the whole URL, on every request.

/** Where the path starts: the first `/` after `scheme://`. */
function pathStart(url: string): number {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start === -1 ? url.length : start;
}

/** A request URL's origin (`https://host:port`). */
export function originOf(url: string): string {
  return url.slice(0, pathStart(url));
}

/** Hosts that only ever name this machine: no request through Cloudflare's network is addressed to them. */
const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Whether a request URL was addressed to this machine itself (`http://localhost:8787/…`): local work, never a deploy. */
export function isLoopback(url: string): boolean {
  return LOOPBACK.test(url.slice(url.indexOf('//') + 2, pathStart(url)));
}

/** A request URL's path exactly as sent (percent-encoding kept, unlike Hono's `c.req.path`): what cache keys and the one-spelling check go by. */
export function rawPath(url: string): string {
  const start = pathStart(url);
  const query = url.indexOf('?', start);
  return url.slice(start, query === -1 ? undefined : query) || '/';
}

/** A request URL's query as sent, with its `?` (`''` when it has none or only the `?`, like `URL#search`): for a link that keeps it. */
export function rawSearch(url: string): string {
  const query = url.indexOf('?');
  return query === -1 || query === url.length - 1 ? '' : url.slice(query);
}
