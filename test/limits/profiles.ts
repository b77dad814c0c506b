/**
 * Which plan an invocation is held to. Every invocation is held to Workers Free unless it is
 * an operation README says needs Workers Paid: such an operation is listed here (requests by
 * method and path, crons by schedule), or a test says so for itself with `usePaidProfile`.
 * Both take a reason, and both are found with `grep -rn WORKERS_PAID test/`.
 */
import { type InvocationProfile, WORKERS_FREE, WORKERS_PAID } from '../../src/lib/platform-limits';

type PaidRequest = { method: string; path: RegExp; why: string };
type PaidCron = { cron: string; why: string };

/** Requests README says need Workers Paid (held to WORKERS_PAID in every test). */
export const PAID_REQUESTS: readonly PaidRequest[] = [
  {
    method: 'GET',
    path: /^\/api\/admin\/campaigns\/[^/]+\/signatures\.(?:csv|xlsx|ndjson)$/,
    why: 'docs/exports.md: a one-request download is for Workers Paid (or a small campaign); the paged export (signatures/page) is held to Free',
  },
  {
    method: 'GET',
    path: /^\/admin\/campaigns\/[^/]+\/export\/download$/,
    why: 'docs/exports.md: the export form without JavaScript is the one-request download',
  },
];

/** Cron schedules README says need Workers Paid (held to WORKERS_PAID in every test). */
export const PAID_CRONS: readonly PaidCron[] = [];

let forTest: { profile: InvocationProfile; why: string } | null = null;

/**
 * Holds every invocation of the current test to WORKERS_PAID; `why` names the README passage
 * (or the TODO) that makes it so. Undone after the test (test/setup.ts).
 */
export function usePaidProfile(why: string): void {
  forTest = { profile: WORKERS_PAID, why };
}

/** Back to Workers Free for the next test. */
export function resetProfile(): void {
  forTest = null;
}

/** The profile of a request. */
export function requestProfile(request: Request): InvocationProfile {
  if (forTest) return forTest.profile;
  const path = new URL(request.url).pathname;
  return PAID_REQUESTS.some((p) => p.method === request.method && p.path.test(path)) ? WORKERS_PAID : WORKERS_FREE;
}

/** The profile of a cron run. */
export function cronProfile(cron: string): InvocationProfile {
  if (forTest) return forTest.profile;
  return PAID_CRONS.some((p) => p.cron === cron) ? WORKERS_PAID : WORKERS_FREE;
}
