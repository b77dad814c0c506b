import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import app from './limits/worker';
import { createCampaign } from './helpers';

// As on *.workers.dev, where the Cache API "will have no impact": the public routes must still
// read D1 at most once per answer per isolate every few seconds, from this isolate's memory.
const debugEnv = { ...env, DEBUG_METRICS: '1' };
const pending: Promise<unknown>[] = [];
const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

async function fetchAll(url: string): Promise<Response> {
  const res = await app.fetch(new Request(url), debugEnv, ctx);
  await res.arrayBuffer();
  await Promise.all(pending.splice(0));
  return res;
}

/** D1 statements this isolate has run, the work after each response included. */
async function isolateQueries(): Promise<number> {
  const res = await app.fetch(new Request('http://localhost/health'), debugEnv, ctx);
  const header = res.headers.get('server-timing') ?? '';
  return Number(/d1-isolate;desc="queries=(\d+)/.exec(header)?.[1] ?? Number.NaN);
}

let offset = 0;

/** Statements run by `requests` GETs of `url`, `stepMs` apart on the clock from `fromMs`. */
async function queriesFor(url: string, requests: number, fromMs = 0, stepMs = 250): Promise<{ queries: number; statuses: number[] }> {
  const before = await isolateQueries();
  const statuses: number[] = [];
  for (let i = 0; i < requests; i++) {
    offset = fromMs + i * stepMs;
    statuses.push((await fetchAll(url)).status);
  }
  return { queries: (await isolateQueries()) - before, statuses };
}

function storesNothing(): { match: ReturnType<typeof vi.spyOn>; put: ReturnType<typeof vi.spyOn> } {
  const match = vi.spyOn(caches.default, 'match').mockResolvedValue(undefined);
  const put = vi.spyOn(caches.default, 'put').mockResolvedValue(undefined);
  return { match, put };
}

beforeEach(() => {
  // A clock that moves only when a test moves it, however slow the machine.
  offset = 0;
  const start = Date.now();
  vi.spyOn(Date, 'now').mockImplementation(() => start + offset);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const routes = (slug: string) => [
  `/c/${slug}`,
  `/c/${slug}?lang=ru`,
  `/api/campaigns/${slug}/count`,
  `/api/campaigns/${slug}/count?lang=kk`,
  `/api/campaigns/${slug}/messages`,
  `/c/${slug}/embed`,
  `/c/${slug}/badge.svg`,
  `/api/campaigns/${slug}/pickets`,
  `/c/${slug}/pickets/de-berlin-0616`,
  `/c/${slug}/embed/pickets`,
  `/c/${slug}/deliveries`,
  `/c/${slug}/deliveries.json`,
];

/**
 * For each public route of a new campaign (each on its own minute, so the campaign's rows are
 * read afresh): the first build, then 19 requests 250 ms apart from `laterMs` on.
 */
async function eachRoute(laterMs: number, check: (path: string, first: number, later: number) => void): Promise<void> {
  storesNothing();
  const c = await createCampaign();
  const paths = routes(c.slug);
  for (const [i, path] of paths.entries()) {
    const first = await queriesFor(`http://localhost${path}`, 1, i * 60_000);
    const later = await queriesFor(`http://localhost${path}`, 19, i * 60_000 + laterMs);
    expect([...first.statuses, ...later.statuses].every((s) => s === 200), path).toBe(true);
    expect(first.queries, path).toBeGreaterThan(0);
    check(path, first.queries, later.queries);
  }
}

// About 250 requests each: more than vitest's default 5 s on a loaded machine.
describe('public routes with a Cache API that stores nothing', { timeout: 60_000 }, () => {
  it('build each answer once, then answer a request every 250 ms for five seconds without D1', async () => {
    await eachRoute(250, (path, _first, later) => expect(later, path).toBe(0));
  });

  it('build each answer again once in the next five seconds, the same work as the first time', async () => {
    await eachRoute(5_250, (path, first, later) => expect(later, path).toBe(first));
  });
});

describe('public routes on a *.workers.dev host', () => {
  it('never call the Cache API, which would cost a subrequest for nothing, and build once', async () => {
    const { match, put } = storesNothing();
    const del = vi.spyOn(caches.default, 'delete');
    const c = await createCampaign();
    const host = 'https://solidarity.demo.workers.dev';
    const first = await queriesFor(`${host}/api/campaigns/${c.slug}/count`, 1);
    const page = await queriesFor(`${host}/c/${c.slug}`, 1);
    expect([...first.statuses, ...page.statuses]).toEqual([200, 200]);
    expect((await queriesFor(`${host}/api/campaigns/${c.slug}/count`, 10)).queries).toBe(0);
    expect((await queriesFor(`${host}/c/${c.slug}`, 10)).queries).toBe(0);
    expect(match).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
    expect(del).not.toHaveBeenCalled();
  });
});
