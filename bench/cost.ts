/** Rows read and written per operation, from the `Server-Timing` header (DEBUG_METRICS). */
import type { App } from './app';
import { clientIp, COUNT_PATH, formHeaders, PAGE_PATH, SIGN_PATH, signatureBody } from './client';

export type Cost = { queries: number; rowsRead: number; rowsWritten: number; status: number; cache?: string };

/** Parses `d1;dur=…;desc="N queries", d1-rows-read;desc="R", d1-rows-written;desc="W"`. */
export function parseServerTiming(header: string | null): Omit<Cost, 'status'> | null {
  if (!header) return null;
  const num = (re: RegExp) => Number(re.exec(header)?.[1] ?? NaN);
  const cost = {
    queries: num(/desc="(\d+) queries"/),
    rowsRead: num(/d1-rows-read;desc="(\d+)"/),
    rowsWritten: num(/d1-rows-written;desc="(\d+)"/),
  };
  return Object.values(cost).every(Number.isFinite) ? cost : null;
}

async function measure(app: App, path: string, init: RequestInit, expect: number[]): Promise<Cost> {
  const res = await fetch(app.url + path, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  if (!expect.includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${path}: status ${res.status}, expected ${expect.join(' or ')}`);
  const cost = parseServerTiming(res.headers.get('server-timing'));
  if (!cost) throw new Error(`${path}: no Server-Timing D1 entry (is DEBUG_METRICS on?)`);
  const cache = res.headers.get('x-cache');
  return { ...cost, status: res.status, ...(cache ? { cache } : {}) };
}

export type Costs = { page: Cost; sign: Cost; confirm: Cost; count: Cost; countCached: Cost };

/**
 * One request of each kind after a warm-up one, so first-use work does not count. The
 * count is served from the Cache API for a few seconds after it is read from D1: its
 * first request (a miss, one D1 row) and its second (a hit) are both reported.
 */
export async function measureCosts(app: App, tokens: string[]): Promise<Costs> {
  const get = (path: string) => measure(app, path, { headers: { 'cf-connecting-ip': clientIp() } }, [200]);
  const sign = () =>
    measure(app, SIGN_PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': clientIp() }, body: signatureBody('cost') }, [202]);
  const confirm = () => {
    const token = tokens.pop();
    if (!token) throw new Error('no pending token left to confirm');
    return measure(app, `/s/${token}/confirm`, { method: 'POST', headers: formHeaders(app.url) }, [303]);
  };
  const once = async (op: () => Promise<Cost>) => {
    await op();
    return op();
  };
  const count = await get(COUNT_PATH);
  const countCached = await get(COUNT_PATH);
  return { page: await once(() => get(PAGE_PATH)), sign: await once(sign), confirm: await once(confirm), count, countCached };
}
