/** D1 cost per operation, from the `Server-Timing` header the app sends with DEBUG_METRICS on. */
import type { App } from './app';
import { clientIp, confirmBody, COUNT_LANG_PATH, COUNT_PATH, formHeaders, PAGE_PATH, SIGN_PATH, signatureBody } from './client';

/** One request's D1 work: statements, round trips to D1, rows read and written, D1's own time (meta.duration). */
export type D1Cost = { queries: number; roundTrips: number; rowsRead: number; rowsWritten: number; ms: number };
export type Cost = D1Cost & { status: number; cache?: string };

const ZERO: D1Cost = { queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0, ms: 0 };

/**
 * Parses `d1;dur=…;desc="N queries", d1-round-trips;desc="T", d1-rows-read;desc="R", d1-rows-written;desc="W"`.
 * Round trips are null when the app does not report them (older code).
 */
export function parseServerTiming(header: string | null): D1Cost | null {
  if (!header) return null;
  const num = (re: RegExp) => Number(re.exec(header)?.[1] ?? NaN);
  const cost = {
    queries: num(/desc="(\d+) queries"/),
    roundTrips: num(/d1-round-trips;desc="(\d+)"/),
    rowsRead: num(/d1-rows-read;desc="(\d+)"/),
    rowsWritten: num(/d1-rows-written;desc="(\d+)"/),
    ms: num(/d1;dur=([\d.]+)/),
  };
  return Object.values(cost).every(Number.isFinite) ? cost : null;
}

/** The isolate's running D1 totals from `d1-isolate` (all work so far, after responses and in crons too). */
export function parseIsolate(header: string | null): D1Cost | null {
  return parseTotals(/d1-isolate;desc="([^"]*)"/.exec(header ?? '')?.[1]);
}

/** `queries=… round-trips=… rows-read=… rows-written=… ms=…`, as in `d1-isolate` and the floor's `x-floor-d1`. */
export function parseTotals(desc: string | null | undefined): D1Cost | null {
  if (!desc) return null;
  const num = (k: string) => Number(new RegExp(`${k}=([\\d.]+)`).exec(desc)?.[1] ?? NaN);
  const cost = { queries: num('queries'), roundTrips: num('round-trips'), rowsRead: num('rows-read'), rowsWritten: num('rows-written'), ms: num('ms') };
  return Object.values(cost).every(Number.isFinite) ? cost : null;
}

export function addCost(a: D1Cost, b: D1Cost, sign = 1): D1Cost {
  return {
    queries: a.queries + sign * b.queries,
    roundTrips: a.roundTrips + sign * b.roundTrips,
    rowsRead: a.rowsRead + sign * b.rowsRead,
    rowsWritten: a.rowsWritten + sign * b.rowsWritten,
    ms: Math.round((a.ms + sign * b.ms) * 1000) / 1000,
  };
}

export const sumCosts = (costs: D1Cost[]): D1Cost => costs.reduce((s, c) => addCost(s, c), ZERO);

/** The isolate's D1 totals now, read from a `/health` answer (which itself uses no D1). */
export async function isolateTotals(app: App): Promise<D1Cost> {
  const res = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  const t = parseIsolate(res.headers.get('server-timing'));
  if (!t) throw new Error('/health has no d1-isolate Server-Timing entry (is DEBUG_METRICS on?)');
  return t;
}

/** One request, its status checked, its D1 cost from the header. */
export async function costOf(app: App, path: string, init: RequestInit, expect: number[]): Promise<Cost> {
  const res = await fetch(app.url + path, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  if (!expect.includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${path}: status ${res.status}, expected ${expect.join(' or ')}`);
  const cost = parseServerTiming(res.headers.get('server-timing'));
  if (!cost) throw new Error(`${path}: no Server-Timing D1 entries (is DEBUG_METRICS on?)`);
  const cache = res.headers.get('x-cache');
  return { ...cost, status: res.status, ...(cache ? { cache } : {}) };
}

export const getCost = (app: App, path: string) => costOf(app, path, { headers: { 'cf-connecting-ip': clientIp() } }, [200]);

export const signCost = (app: App, body = signatureBody('cost')) =>
  costOf(app, SIGN_PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': clientIp() }, body }, [202]);

export const linkCost = (app: App, token: string, action: 'confirm' | 'withdraw', target?: string) =>
  costOf(app, `/s/${token}/${action}`, { method: 'POST', headers: formHeaders(app.url), ...(action === 'confirm' ? { body: confirmBody(target) } : {}) }, [303]);

export type Costs = { pageFirst: Cost; page: Cost; sign: Cost; confirm: Cost; withdraw: Cost; count: Cost; countCached: Cost; countLang: Cost; countLangCached: Cost };

/**
 * One request of each kind after a warm-up one, so first-use work does not count. Pages
 * and counts that a cache may answer are reported twice: their first request (a miss)
 * and the one right after (a hit, if cached), the count without and with `?lang=`.
 * Withdrawal is of a signature confirmed just before.
 */
export async function measureCosts(app: App, tokens: string[]): Promise<Costs> {
  const take = () => {
    const token = tokens.pop();
    if (!token) throw new Error('no pending token left to confirm');
    return token;
  };
  const once = async (op: () => Promise<Cost>) => {
    await op();
    return op();
  };
  // A page in another language first: the isolate then holds the campaign (its few seconds'
  // cache), as it does under traffic, while the pages and counts measured below stay uncached.
  await getCost(app, `${PAGE_PATH}?lang=kk`);
  const count = await getCost(app, COUNT_PATH);
  const countCached = await getCost(app, COUNT_PATH);
  const countLang = await getCost(app, COUNT_LANG_PATH);
  const countLangCached = await getCost(app, COUNT_LANG_PATH);
  const pageFirst = await getCost(app, PAGE_PATH);
  const page = await getCost(app, PAGE_PATH);
  const sign = await once(() => signCost(app));
  const confirm = await once(() => linkCost(app, take(), 'confirm'));
  const withdraw = await once(async () => {
    const token = take();
    await linkCost(app, token, 'confirm');
    return linkCost(app, token, 'withdraw');
  });
  return { pageFirst, page, sign, confirm, withdraw, count, countCached, countLang, countLangCached };
}
