import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env';
import { AppError } from './errors';
import { chooseLanguage } from './i18n/request';
import { d1Metrics } from './metrics';
import { renderer } from './renderer';
import { securityHeaders } from './security';

/**
 * The middleware every request passes through, in order. Named and listed here so that
 * the benchmark can run the same chain, one step at a time, on a bare Hono app.
 */
export const globalMiddleware: readonly { name: string; handler: MiddlewareHandler<AppEnv> }[] = [
  { name: 'chooseLanguage', handler: chooseLanguage },
  { name: 'd1Metrics', handler: d1Metrics },
  { name: 'securityHeaders', handler: securityHeaders },
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
