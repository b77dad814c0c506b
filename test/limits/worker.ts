/**
 * The Worker as the tests run it (vitest.config.ts `main`, so `SELF` comes here, and tests
 * that call a handler themselves import this file, never src/index.ts): src/index.ts's
 * handlers, each call one invocation counted against the platform's limits, its D1 binding
 * still the real local D1. See docs/testing.md.
 */
import type { Bindings } from '../../src/env';
import app from '../../src/index';
import { type InvocationProfile, WORKERS_FREE } from '../../src/lib/platform-limits';
import { limitedD1 } from './d1';
import { countGlobals } from './globals';
import { invocationStore, startInvocation, track } from './invocation';
import { cronProfile, requestProfile } from './profiles';

countGlobals();

// Work handed to waitUntil belongs to the invocation and is awaited by afterEach.
function trackedContext(ctx: ExecutionContext): ExecutionContext {
  return new Proxy(ctx, {
    get(target, key) {
      if (key === 'waitUntil') {
        return (promise: Promise<unknown>) => {
          track(promise);
          // A test may hand a bare object as the context of a handler that never defers work.
          if (typeof target.waitUntil === 'function') target.waitUntil(promise);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Runs `work` as one invocation named `label`: its D1 queries, fetches and Cache API calls,
 * and those of what it hands to `ctx.waitUntil`, count toward `profile`'s limits. The test
 * entry uses it for each handler; a test may use it to run app code as a request would.
 */
export function asInvocation<T>(
  label: string,
  profile: InvocationProfile,
  env: Bindings,
  ctx: ExecutionContext,
  work: (env: Bindings, ctx: ExecutionContext) => T | Promise<T>,
): Promise<T> {
  const inv = startInvocation(label, profile);
  const limited = { ...env, DB: limitedD1(env.DB) };
  return track(invocationStore.run(inv, async () => work(limited, trackedContext(ctx))));
}

// Typed as any Worker's handlers, so a handler src/index.ts gains (email) is passed on counted.
const handlers: ExportedHandler<Bindings> = app;
const email = handlers.email;

export default {
  ...(email ? {
    email: (message: ForwardableEmailMessage, env: Bindings, ctx: ExecutionContext) =>
      asInvocation(`email to ${message.to}`, WORKERS_FREE, env, ctx, (e, c) => email(message, e, c)),
  } : {}),
  fetch(request: Request, env: Bindings, ctx: ExecutionContext): Promise<Response> {
    const label = `${request.method} ${new URL(request.url).pathname}`;
    return asInvocation(label, requestProfile(request), env, ctx, (e, c) => app.fetch(request, e, c));
  },
  scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
    return asInvocation(`cron ${controller.cron}`, cronProfile(controller.cron), env, ctx, (e, c) => app.scheduled(controller, e, c));
  },
} satisfies ExportedHandler<Bindings>;
