import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/** Cloudflare's Ray ID as sent in `cf-ray`: 16 hex digits and the data centre (`8f1c0a2b3c4d5e6f-AMS`). */
const RAY_ID = /^[0-9a-f]{16}-[A-Z]{3}$/;

/**
 * The request's id: Cloudflare's Ray ID when the header has its shape (so our logs line up
 * with Cloudflare's), else a random one. Anything else in the header is ignored, never
 * echoed: a client could put any text there when it reaches the Worker some other way.
 */
export function requestIdOf(cfRay: string | undefined): string {
  return cfRay !== undefined && RAY_ID.test(cfRay) ? cfRay : crypto.randomUUID();
}

/**
 * The first middleware: sets `c.var.requestId` and answers every response with it as
 * `X-Request-Id`, errors, redirects and 304s included, so a user can quote it and an
 * operator find the log line.
 */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = requestIdOf(c.req.header('cf-ray'));
  c.set('requestId', id);
  await next();
  try {
    c.res.headers.set('X-Request-Id', id);
  } catch {
    // Immutable headers (a response straight from a fetch): answer with a copy that has it.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set('X-Request-Id', id);
  }
});
