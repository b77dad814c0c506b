/**
 * The surge: page views, count polls, signings and confirmations mixed 20:20:2:1 in one
 * autocannon run. Each request draws its kind from a seeded random sequence (the same mix
 * in every run, and the connections out of step with each other); every answer is
 * recorded by kind (status, latency from the request's setup to its answer, the address
 * of each accepted signature). Writes stop some seconds before the end (10 in a full run), so that every
 * signing and confirmation sent gets its answer and the checks afterwards are exact.
 */
import autocannon from 'autocannon';
import type { App } from './app';
import { clientIp, confirmBody, COUNT_LANG_PATH, formHeaders, newEmail, PAGE_PATH, SIGN_PATH, signatureBody } from './client';

export const KINDS = ['page', 'count', 'sign', 'confirm'] as const;
export type Kind = (typeof KINDS)[number];
export type KindResult = { sent: number; answered: number; statuses: Record<string, number>; p50: number; p99: number; max: number };
/** `errorKinds`: the socket errors by their code (ECONNRESET, …) and `errorAt` when the first 100 came (seconds into the run), so a failed check says what went wrong. */
export type SurgeRun = { seconds: number; connections: number; writeStopSeconds: number; kinds: Record<Kind, KindResult>; accepted: string[]; confirmed: number; errors: number; errorKinds: Record<string, number>; errorAt: number[]; timeouts: number };

/** The mix: 20 page : 20 count : 2 sign : 1 confirm. */
const WEIGHTS: [Kind, number][] = [['page', 20], ['count', 20], ['sign', 2], ['confirm', 1]];

/** A seeded generator (mulberry32): the same sequence of kinds in every run. */
function drawKinds(seed: number): () => Kind {
  let a = seed;
  const total = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    let x = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * total;
    for (const [kind, w] of WEIGHTS) if ((x -= w) < 0) return kind;
    return 'page';
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Runs the mix for `seconds` at `connections`, confirming with `tokens` (each once). */
export async function surge(app: App, tokens: string[], seconds: number, connections: number, writeStopSeconds: number): Promise<SurgeRun> {
  const latencies: Record<Kind, number[]> = { page: [], count: [], sign: [], confirm: [] };
  const empty = (): KindResult => ({ sent: 0, answered: 0, statuses: {}, p50: 0, p99: 0, max: 0 });
  const kinds: Record<Kind, KindResult> = { page: empty(), count: empty(), sign: empty(), confirm: empty() };
  const accepted: string[] = [];
  let confirmed = 0;
  const writesUntil = performance.now() + (seconds - writeStopSeconds) * 1000;
  const next = drawKinds(12);
  const request = {
    method: 'GET',
    path: '/',
    setupRequest: (req: { method?: string; path?: string; headers?: Record<string, string>; body?: string }, context: Record<string, unknown>) => {
      const kind = next();
      // Past the write stop, writes become count polls (answered like any other read).
      const k: Kind = (kind === 'sign' || kind === 'confirm') && performance.now() > writesUntil ? 'count' : kind;
      context.kind = k;
      context.t0 = performance.now();
      kinds[k].sent += 1;
      if (k === 'sign') {
        const email = newEmail('surge');
        context.email = email;
        return { ...req, method: 'POST', path: SIGN_PATH, headers: { 'content-type': 'application/json', 'cf-connecting-ip': clientIp() }, body: signatureBody('surge', { email }) };
      }
      if (k === 'confirm') return { ...req, method: 'POST', path: `/s/${tokens.pop() ?? 'none'}/confirm`, headers: formHeaders(app.url), body: confirmBody() };
      return { ...req, method: 'GET', path: k === 'page' ? PAGE_PATH : COUNT_LANG_PATH, headers: { 'cf-connecting-ip': clientIp() }, body: undefined };
    },
    onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
      const k = KINDS.find((x) => x === context.kind);
      if (!k || typeof context.t0 !== 'number') return;
      kinds[k].answered += 1;
      kinds[k].statuses[status] = (kinds[k].statuses[status] ?? 0) + 1;
      latencies[k].push(performance.now() - context.t0);
      if (k === 'sign' && status === 202 && typeof context.email === 'string') accepted.push(context.email);
      if (k === 'confirm' && status === 303) confirmed += 1;
    },
  };
  const errorKinds: Record<string, number> = {};
  const instance = autocannon({ url: app.url, connections, duration: seconds, timeout: 20, requests: [request] });
  const errorAt: number[] = [];
  const started = performance.now();
  instance.on('reqError', (err) => {
    const kind = err.code ?? err.message;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    if (errorAt.length < 100) errorAt.push(Math.round((performance.now() - started) / 100) / 10);
  });
  const r = await instance;
  for (const k of KINDS) {
    const sorted = latencies[k].sort((a, b) => a - b);
    Object.assign(kinds[k], { p50: Math.round(quantile(sorted, 0.5)), p99: Math.round(quantile(sorted, 0.99)), max: Math.round(sorted.at(-1) ?? 0) });
  }
  return { seconds: Math.round(r.duration * 10) / 10, connections, writeStopSeconds, kinds, accepted, confirmed, errors: r.errors, errorKinds, errorAt, timeouts: r.timeouts };
}
