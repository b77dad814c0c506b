/**
 * One Worker invocation as the platform counts it: a request or a cron run together with the
 * work it left to `waitUntil`. The test entry (./worker.ts) runs each handler inside
 * `invocationStore`; the wrapped D1 binding, `fetch` and the Cache API charge the invocation
 * they are called from, and a call that crosses a limit of its profile throws there (as the
 * platform would) and is recorded, so `afterEach` in test/setup.ts fails the test even when
 * the call was in a `waitUntil` task nobody awaited.
 *
 * Not measured: CPU time. Timers do not advance while a Worker executes in workerd, so 10 ms
 * of CPU cannot be seen from inside a test; the benchmark (bench/) measures it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { D1, type InvocationProfile, WORKERS_FREE } from '../../src/lib/platform-limits';

/** What one invocation spent, by kind of subrequest, and its largest statement. */
export type Invocation = {
  label: string;
  profile: InvocationProfile;
  queries: number;
  fetches: number;
  cacheCalls: number;
  maxParameters: number;
  maxSqlBytes: number;
  /** A subrequest limit was crossed (and recorded). */
  over: boolean;
};

/** A limit crossed, and where. */
export type Violation = { invocation: string; message: string };

/** The error a call over a limit throws inside the invocation. */
export class PlatformLimitError extends Error {
  override name = 'PlatformLimitError';
}

/** The invocation the current code runs in; undefined for a test's own calls. */
export const invocationStore = new AsyncLocalStorage<Invocation>();

const violations: Violation[] = [];
const finished: Invocation[] = [];
const pending = new Set<Promise<unknown>>();

/** Every subrequest of the invocation so far. */
export function subrequests(inv: Invocation): number {
  return inv.queries + inv.fetches + inv.cacheCalls;
}

const OUTSIDE = '(a test’s direct call)';

/** Records a limit crossed where the platform answers rather than throws (Resend's 422). */
export function noteViolation(message: string): void {
  violations.push({ invocation: invocationStore.getStore()?.label ?? OUTSIDE, message });
}

// Once per invocation for the subrequest limits: code that catches the error and carries on
// throws again at every call, and the first one says all there is to say.
function violate(inv: Invocation | undefined, message: string, record = true): never {
  if (record) noteViolation(message);
  throw new PlatformLimitError(`${message} [${inv?.label ?? OUTSIDE}]`);
}

/**
 * Charges `n` subrequests of `kind` to the current invocation, before they are made: the one
 * that would cross the profile's limit throws instead of running. Outside an invocation (a
 * test calling the database itself) nothing is counted.
 */
export function charge(kind: 'queries' | 'fetches' | 'cacheCalls', n: number, what: string): void {
  const inv = invocationStore.getStore();
  if (!inv) return;
  inv[kind] += n;
  const total = subrequests(inv);
  const first = !inv.over;
  if (total > inv.profile.maxSubrequests) {
    inv.over = true;
    violate(inv, `${total} subrequests (${inv.queries} D1 queries, ${inv.fetches} fetches, ${inv.cacheCalls} Cache API calls): ` +
      `over the ${inv.profile.maxSubrequests} of Workers ${inv.profile.name}; this one: ${what}`, first);
  }
  if (inv.queries > inv.profile.maxD1Queries) {
    inv.over = true;
    violate(inv, `${inv.queries} D1 queries: over the ${inv.profile.maxD1Queries} of Workers ${inv.profile.name}; this one: ${what}`, first);
  }
}

/**
 * Runs a check; a limit it finds comes back as a rejected promise, the way the platform
 * answers an over-limit call (asynchronously), else null.
 */
export function refused(check: () => void): Promise<never> | null {
  try {
    check();
    return null;
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Holds one statement to D1's limits (on every plan, inside an invocation or not). */
export function checkStatement(sql: string, parameters: number): void {
  const bytes = new TextEncoder().encode(sql).length;
  const inv = invocationStore.getStore();
  if (inv) {
    inv.maxParameters = Math.max(inv.maxParameters, parameters);
    inv.maxSqlBytes = Math.max(inv.maxSqlBytes, bytes);
  }
  const head = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
  if (parameters > D1.maxBoundParameters) violate(inv, `a statement with ${parameters} bound parameters, over D1's ${D1.maxBoundParameters}: ${head}`);
  if (bytes > D1.maxStatementBytes) violate(inv, `a statement of ${bytes} bytes, over D1's ${D1.maxStatementBytes}: ${head}`);
}

/** A new invocation's record, kept for the current test's `invocations()`. */
export function startInvocation(label: string, profile: InvocationProfile = WORKERS_FREE): Invocation {
  const inv: Invocation = { label, profile, queries: 0, fetches: 0, cacheCalls: 0, maxParameters: 0, maxSqlBytes: 0, over: false };
  finished.push(inv);
  return inv;
}

/** Remembers work still running for an invocation (its handler, its waitUntil tasks). */
export function track<T>(work: Promise<T>): Promise<T> {
  pending.add(work);
  const done = () => void pending.delete(work);
  work.then(done, done);
  return work;
}

/**
 * Waits until every invocation's work has settled (waitUntil tasks included), as the platform
 * lets them finish after the response; gives up after `timeoutMs` (by default under vitest's
 * 10 s hook timeout, so afterEach can still report) and says how many still run.
 */
export async function settleInvocations(timeoutMs = 8_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    const timer = new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
    await Promise.race([Promise.allSettled([...pending]), timer]);
  }
  return pending.size;
}

/** The invocations of this test so far, oldest first. */
export function invocations(): readonly Invocation[] {
  return finished;
}

/** Hands over (and clears) the limits crossed so far: for tests that cross one on purpose. */
export function takeViolations(): Violation[] {
  return violations.splice(0);
}

/** Forgets this test's invocations (afterEach). */
export function forgetInvocations(): void {
  finished.length = 0;
}
