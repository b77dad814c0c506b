/** Throughput under load with autocannon's programmatic API. */
import autocannon, { type Result } from 'autocannon';
import type { App } from './app';
import { clientIp, confirmBody, COUNT_LANG_PATH, COUNT_PATH, formHeaders, PAGE_PATH, SIGN_PATH, signatureBody } from './client';

/**
 * One load run. `cpuMs` is the CPU time per request spent by the app's workerd, the rest of
 * wrangler dev and the load generator (this process): where a 2-core machine's time goes.
 */
export type Load = {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** What the failures were: other status classes, socket errors, timeouts. */
  failures: { '2xx': number; '3xx': number; '4xx': number; '5xx': number; errors: number; timeouts: number };
  seconds: number;
  cpuMs: { app: number; wrangler: number; loadgen: number };
};

export type LoadOptions = { seconds: number; connections: number };

type Cpu = { app: number; wrangler: number; loadgen: number };

function cpuNow(app: App): Cpu {
  const { user, system } = process.cpuUsage();
  return { ...app.cpuSeconds(), loadgen: (user + system) / 1e6 };
}

async function measured(app: App, okStatus: '2xx' | '3xx', start: () => Promise<Result>): Promise<Load> {
  const before = cpuNow(app);
  const r = await start();
  const after = cpuNow(app);
  const load = summarise(r, okStatus);
  const per = (k: keyof Cpu) => (r.requests.total > 0 ? Math.round(((after[k] - before[k]) * 1e5) / r.requests.total) / 100 : 0);
  return { ...load, cpuMs: { app: per('app'), wrangler: per('wrangler'), loadgen: per('loadgen') } };
}

function summarise(r: Result, okStatus: '2xx' | '3xx'): Omit<Load, 'cpuMs'> {
  const ok = r[okStatus];
  // Requests per second that got the expected answer, over the run's real duration.
  return {
    rps: Math.round((ok / r.duration) * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok,
    failed: r.requests.total - ok + r.errors + r.timeouts,
    failures: { '2xx': r['2xx'], '3xx': r['3xx'], '4xx': r['4xx'], '5xx': r['5xx'], errors: r.errors, timeouts: r.timeouts },
    seconds: Math.round(r.duration * 10) / 10,
  };
}

function run(app: App, o: LoadOptions, request: { method: string; path: string; setup?: () => { headers: Record<string, string>; body?: string; path?: string } }) {
  return autocannon({
    url: app.url,
    connections: o.connections,
    duration: o.seconds,
    timeout: 20,
    requests: [
      {
        method: request.method,
        path: request.path,
        setupRequest: (req) => ({ ...req, ...(request.setup ? request.setup() : { headers: { 'cf-connecting-ip': clientIp() } }) }),
      },
    ],
  });
}

/** GET load on a path: the baseline, the count, the campaign page. */
export async function loadGet(app: App, path: string, o: LoadOptions): Promise<Load> {
  return measured(app, '2xx', () => run(app, o, { method: 'GET', path }));
}

/** Signing through the JSON API, a new address each request. */
export async function loadSign(app: App, o: LoadOptions): Promise<Load> {
  const setup = () => ({ headers: { 'content-type': 'application/json', 'cf-connecting-ip': clientIp() }, body: signatureBody('load') });
  return measured(app, '2xx', () => run(app, o, { method: 'POST', path: SIGN_PATH, setup }));
}

/**
 * Confirming seeded pending signatures, each token once. Seed more than the run can use:
 * once they run out, requests get 404 and count as failed.
 */
export async function loadConfirm(app: App, tokens: string[], o: LoadOptions): Promise<Load> {
  const setup = () => ({ path: `/s/${tokens.pop() ?? 'none'}/confirm`, headers: formHeaders(app.url), body: confirmBody() });
  return measured(app, '3xx', () => run(app, o, { method: 'POST', path: '/s/none/confirm', setup }));
}

/**
 * Signing and confirming at the same time: the rate at which signatures get counted end
 * to end. CPU per request is over both runs' requests (the processes are shared).
 */
export async function loadSignAndConfirm(app: App, tokens: string[], o: LoadOptions): Promise<{ sign: Load; confirm: Load; pairsPerSecond: number }> {
  const half = { ...o, connections: Math.max(1, Math.round(o.connections / 2)) };
  const before = cpuNow(app);
  const [sign, confirm] = await Promise.all([loadSign(app, half), loadConfirm(app, tokens, half)]);
  const after = cpuNow(app);
  const total = sign.ok + sign.failed + confirm.ok + confirm.failed;
  const per = (k: keyof Cpu) => (total > 0 ? Math.round(((after[k] - before[k]) * 1e5) / total) / 100 : 0);
  const cpuMs = { app: per('app'), wrangler: per('wrangler'), loadgen: per('loadgen') };
  return { sign: { ...sign, cpuMs }, confirm: { ...confirm, cpuMs }, pairsPerSecond: Math.min(sign.rps, confirm.rps) };
}

/** Signatures per second if signing and confirming took turns at their separately measured rates. */
export function inTurns(sign: Load, confirm: Load): number {
  return sign.rps > 0 && confirm.rps > 0 ? Math.round(10 / (1 / sign.rps + 1 / confirm.rps)) / 10 : 0;
}

export const PATHS = { health: '/health', count: COUNT_PATH, countLang: COUNT_LANG_PATH, page: PAGE_PATH };
