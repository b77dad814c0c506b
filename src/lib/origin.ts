/** The public origin for links in emails and previews: PUBLIC_URL when set, else the request's origin (no trailing slash). */
export function publicOrigin(publicUrl: string | undefined, requestUrl: string): string {
  return (publicUrl || new URL(requestUrl).origin).replace(/\/$/, '');
}

/**
 * A request URL's path exactly as sent (percent-encoding kept, unlike Hono's `c.req.path`),
 * without parsing the whole URL: what cache keys and the one-spelling check go by.
 */
export function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

/** A request URL's origin (`https://host:port`), without parsing the whole URL. */
export function originOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start === -1 ? url : url.slice(0, start);
}
