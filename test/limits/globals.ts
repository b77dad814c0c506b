/**
 * `fetch` and the Cache API, counted: each call made inside an invocation is one subrequest of
 * it (./invocation.ts). Installed once per isolate when this module is first imported; the
 * test file and the Worker under test share the isolate, its globals and its modules
 * (vitest-pool-workers imports `main` through the same module runner as the tests).
 */
import { LIMIT_HEADER } from '../fake-resend/validate';
import { charge, noteViolation, refused } from './invocation';

let installed = false;

function describeRequest(input: RequestInfo | URL): string {
  const url = input instanceof Request ? input.url : String(input);
  return `fetch ${url.slice(0, 80)}`;
}

// The fake Resend names a limit of Resend's that a request crossed (test/fake-resend).
function noteResendLimit(res: Response): Response {
  const crossed = res.headers.get(LIMIT_HEADER);
  if (crossed) noteViolation(`Resend refused a request over its limits: ${decodeURIComponent(crossed)}`);
  return res;
}

function countFetch(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    return refused(() => charge('fetches', 1, describeRequest(input))) ?? realFetch(input, init).then(noteResendLimit);
  };
}

// match, put and delete each reach the cache (a subrequest); `caches.open` only names one.
function countCache(): void {
  if (typeof caches === 'undefined') return;
  const proto: Cache = Object.getPrototypeOf(caches.default);
  const { match, put, delete: remove } = proto;
  proto.match = function (request, options) {
    return refused(() => charge('cacheCalls', 1, 'cache.match')) ?? match.call(this, request, options);
  };
  proto.put = function (request, response) {
    return refused(() => charge('cacheCalls', 1, 'cache.put')) ?? put.call(this, request, response);
  };
  proto.delete = function (request, options) {
    return refused(() => charge('cacheCalls', 1, 'cache.delete')) ?? remove.call(this, request, options);
  };
}

/** Counts `fetch` and Cache API calls from now on (idempotent). */
export function countGlobals(): void {
  if (installed) return;
  installed = true;
  countFetch();
  countCache();
}
