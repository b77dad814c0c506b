import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { chooseLanguage } from './language';
import { allowedMethods, type RouteTable } from './methods';
import { d1Metrics } from './metrics';
import { renderer } from './renderer';
import { requestId } from './request-id';
import { securityHeaders } from './security';

/** A global middleware and the name the benchmark shows it by. */
export type NamedMiddleware = { name: string; handler: MiddlewareHandler<AppEnv> };

/**
 * The middleware every request passes through, in order, for `app` (the 405 check reads
 * its routes). Listed once so that the benchmark runs the very same chain, one step at a
 * time, on a bare Hono app (bench/floor/worker.ts).
 */
export function globalMiddleware(app: RouteTable): NamedMiddleware[] {
  return [
    { name: 'requestId', handler: requestId },
    { name: 'chooseLanguage', handler: chooseLanguage },
    { name: 'd1Metrics', handler: d1Metrics },
    { name: 'securityHeaders', handler: securityHeaders },
    // A known path asked with a method it does not take is a 405, before csrf() sees it.
    { name: 'allowedMethods', handler: allowedMethods(app) },
    {
      name: 'bodyLimit',
      handler: bodyLimit({
        maxSize: 32 * 1024,
        onError: () => {
          throw new AppError('payload_too_large', 'error.tooLarge');
        },
      }),
    },
    { name: 'renderer', handler: renderer },
  ];
}
