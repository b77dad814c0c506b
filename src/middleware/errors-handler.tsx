import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import type { MessageKey } from '../i18n/index';
import { i18nFor } from '../i18n/lang';
import { Layout } from '../views/layout';
import { ErrorPage } from '../views/pages';
import { publicOrigin } from '../lib/origin';

const HEADINGS: Partial<Record<AppError['code'], MessageKey>> = {
  not_found: 'error.heading.notFound',
  campaign_closed: 'error.heading.closed',
  rate_limited: 'error.heading.rateLimited',
  payload_too_large: 'error.heading.tooLarge',
  internal: 'error.heading.internal',
};

/** The one scheme a client can authenticate with by header: an API token (RFC 6750). */
const REALM = 'Bearer realm="solidarity"';

/** The 401 challenge: a bearer token that was refused is an `invalid_token`; else just the realm (RFC 6750 §3). */
function challenge(authorization: string | undefined): string {
  return authorization && /^bearer\s/i.test(authorization) ? `${REALM}, error="invalid_token"` : REALM;
}

function toAppError(err: unknown, requestId: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('payload_too_large', 'error.tooLarge');
    if (err.status === 404) return new AppError('not_found', 'error.pageNotFound');
    if (err.status === 403) return new AppError('forbidden', 'error.csrf');
    if (err.status < 500) return new AppError('bad_request', 'error.unreadable');
  }
  console.error('unexpected error', { requestId }, err);
  return new AppError('internal', 'error.internal');
}

/** Where a refused form post sends the supporter back to: the form of its campaign. */
function backTo(e: AppError, path: string): string | undefined {
  if (e.code !== 'rate_limited') return undefined;
  const slug = /^\/c\/([a-z0-9-]+)\//.exec(path)?.[1];
  return slug ? `/c/${slug}#sign` : undefined;
}

/**
 * One handler: JSON for the API, a page for people, both in the request's language and both
 * naming the request id. Users never see a stack trace. Every 401 says how to authenticate.
 */
export function handleError(err: unknown, c: Context<AppEnv>): Response | Promise<Response> {
  const requestId = c.get('requestId');
  const e = toAppError(err, requestId);
  const i18n = c.get('i18n') ?? i18nFor('en', false);
  const { message, issues } = e.localized(i18n.t);
  if (e.retryAfter !== undefined) c.header('Retry-After', String(e.retryAfter));
  if (e.status === 401) c.header('WWW-Authenticate', challenge(c.req.header('authorization')));
  if (c.req.path.startsWith('/api/')) {
    const retry = e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {};
    return c.json({ error: { code: e.code, message, issues, requestId, ...retry } }, e.status);
  }
  const heading = i18n.t(HEADINGS[e.code] ?? 'error.heading.other');
  return c.html(
    <Layout title={heading} meta={{ noindex: true }} base={publicOrigin(c.env.PUBLIC_URL, c.req.url)} path={c.req.path} i18n={i18n}>
      <ErrorPage heading={heading} message={message} requestId={requestId} back={backTo(e, c.req.path)} i18n={i18n} />
    </Layout>,
    e.status,
  );
}
