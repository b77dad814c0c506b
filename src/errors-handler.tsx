import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env';
import { AppError } from './errors';
import { Layout } from './views/layout';
import { ErrorPage } from './views/pages';

const HEADINGS: Partial<Record<AppError['code'], string>> = {
  not_found: 'Not found',
  campaign_closed: 'This campaign is closed',
  rate_limited: 'Too many requests',
  payload_too_large: 'Too much data',
  internal: 'Something went wrong',
};

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('payload_too_large', 'The request is too large.');
    if (err.status === 404) return new AppError('not_found', 'Page not found.');
    if (err.status === 403) return new AppError('forbidden', 'This request was refused: it did not come from this site’s own page.');
    if (err.status < 500) return new AppError('bad_request', err.message || 'The request could not be read.');
  }
  console.error('unexpected error', err);
  return new AppError('internal', 'Something went wrong on our side. Please try again in a moment.');
}

/** One handler: JSON for the API, a page for people. Users never see a stack trace. */
export function handleError(err: unknown, c: Context<AppEnv>): Response | Promise<Response> {
  const e = toAppError(err);
  if (e.retryAfter !== undefined) c.header('Retry-After', String(e.retryAfter));
  if (c.req.path.startsWith('/api/')) {
    const retry = e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {};
    return c.json({ error: { code: e.code, message: e.message, issues: e.issues, ...retry } }, e.status);
  }
  const heading = HEADINGS[e.code] ?? 'That did not work';
  return c.html(
    <Layout title={heading}>
      <ErrorPage heading={heading} message={e.message} />
    </Layout>,
    e.status,
  );
}
