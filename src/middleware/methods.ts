import type { MiddlewareHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

/** What this needs of the app: its routes, middleware (`ALL`) included. */
export type RouteTable = { readonly routes: readonly { readonly method: string; readonly path: string }[] };

/** The methods each route path takes (`HEAD` wherever `GET` is), matched like Hono matches routes. */
function methodsByPath(routes: RouteTable['routes']): TrieRouter<string> {
  const router = new TrieRouter<string>();
  // Middleware is registered for ALL methods; only routes say what a path takes.
  for (const { method, path } of routes) if (method !== 'ALL') router.add('ALL', path, method);
  return router;
}

/** The methods `path` takes, sorted (`GET, HEAD, POST`); empty when no route has it. */
function allowedOn(router: TrieRouter<string>, path: string): string[] {
  const methods = new Set(router.match('GET', path)[0].map(([method]) => method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/** Paths whose methods this isolate has looked up; a new path beyond this many drops the oldest. */
const KNOWN_PATHS = 1000;

/**
 * Answers `405 Method Not Allowed` with `Allow` when routes take the path but not the
 * method (`PUT /c/:slug/sign`), before csrf() could call it a cross-site form (403) or the
 * router "not found". OPTIONS passes on to cors(). The table is built from the app on its
 * first request, when every route is registered; what a path takes is kept by path, since
 * the same few (the count, the page) come back thousands of times.
 */
export function allowedMethods(app: RouteTable): MiddlewareHandler<AppEnv> {
  let router: TrieRouter<string> | undefined;
  const known = new Map<string, string[]>();
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const path = c.req.path;
    let allowed = known.get(path);
    if (!allowed) {
      router ??= methodsByPath(app.routes);
      allowed = allowedOn(router, path);
      if (known.size >= KNOWN_PATHS) known.delete(known.keys().next().value ?? '');
      known.set(path, allowed);
    }
    if (allowed.length === 0 || allowed.includes(c.req.method)) return next();
    c.header('Allow', allowed.join(', '));
    throw new AppError('method_not_allowed', 'error.methodNotAllowed');
  };
}
