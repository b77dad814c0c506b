/**
 * Where a signature came from: `?source=` (share links, the widget's host, a poster's QR
 * code), else the UTM parts of a newsletter or ad link as `utm_source/utm_medium/utm_campaign`
 * (empty parts kept in place, trailing ones dropped). One value, so the dashboard groups by
 * one column and a prefix (`newsletter/…`) still reads as its coarser source.
 *
 * Shared by the Worker (the form, the API, the no-JS Referer path) and the page script.
 */

/** The longest source stored; the column's CHECK says the same (migration 0008). */
export const SOURCE_MAX = 64;

const SHAPE = /^[a-z0-9][a-z0-9._~/-]*$/;

/**
 * The stored form of a source, or null. Lower-cased and trimmed; anything else that is not
 * a letter, digit or `. _ ~ - /`, or longer than SOURCE_MAX, is dropped, not repaired:
 * a signature is never refused for the link it came through.
 */
export function normaliseSource(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const value = raw.trim().toLowerCase();
  return value.length <= SOURCE_MAX && SHAPE.test(value) ? value : null;
}

/** The source a page address carries (`?source=` first, else its UTM parts), unchecked. */
export function sourceParam(params: URLSearchParams): string {
  const own = params.get('source');
  if (own) return own;
  const utm = ['utm_source', 'utm_medium', 'utm_campaign'].map((k) => (params.get(k) ?? '').trim());
  while (utm.length > 0 && utm.at(-1) === '') utm.pop();
  return utm.join('/');
}
