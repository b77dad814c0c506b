import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { isLocale, negotiate } from '../i18n/index';
import { type I18n, i18nFor, parseLang } from '../i18n/lang';
import { rawPath, rawSearch } from '../lib/origin';

// A form post answers with a page (a re-rendered form); its language links go to the page
// the form is on, one level up (`/c/x/sign` → `/c/x`), since a GET of the action is no page.
function pageOf(method: string, url: string): string {
  const path = rawPath(url);
  if (method !== 'GET' && method !== 'HEAD') return path.replace(/\/[^/]*$/, '') || '/';
  return `${path}${rawSearch(url)}`;
}

/**
 * Chooses the request's language: `?lang=` when it names a supported language, else the
 * best of `Accept-Language`, else English. Sets `c.var.i18n` and answers with
 * `Content-Language`, and, when the language was negotiated, `Vary: Accept-Language` (the
 * answer depends on it then, and only then).
 */
export const chooseLanguage = createMiddleware<AppEnv>(async (c, next) => {
  const chosen = parseLang(c.req.query('lang'));
  const locale = chosen ?? negotiate(c.req.header('accept-language'), 'en');
  c.set('i18n', i18nFor(locale, chosen !== null, pageOf(c.req.method, c.req.url)));
  await next();
  try {
    c.res.headers.set('Content-Language', c.get('i18n').locale);
    if (chosen === null) c.res.headers.append('Vary', 'Accept-Language');
  } catch {
    // A response with immutable headers (straight from a fetch) stays as it is.
  }
});

/**
 * Switches this request to the supporter's stored language unless the URL chose one; when
 * the browser would negotiate another, its links carry the stored one, so the campaign
 * page and the link to share stay in it.
 */
export function useStoredLanguage(c: Context<AppEnv>, stored: string): I18n {
  const current = c.var.i18n;
  if (!current.inUrl && isLocale(stored)) {
    c.set('i18n', { ...i18nFor(stored, stored !== current.locale), switchTo: current.switchTo });
  }
  return c.var.i18n;
}
