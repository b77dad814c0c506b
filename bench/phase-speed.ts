/**
 * Speed against the floors, in one run: the app (DEBUG_METRICS off, as deployed) and the
 * bare floor Worker run side by side, each under its own wrangler dev on a copy of the same
 * database, driven by the same autocannon requests at the same concurrency, interleaved.
 * Each route is measured straight to the Worker's workerd and through wrangler dev's port.
 */
import { type App, startApp } from './app';
import { confirmBody, formHeaders, SIGN_PATH, signatureBody } from './client';
import { type D1Cost, parseTotals } from './cost';
import { type BenchConfig, PORTS } from './config';
import { type Load, loadConfirm, loadGet, loadSign, loadSignAndConfirm, PATHS } from './load';
import { interleaved, type Subject } from './rounds';
import { seeded } from './seed';
import { seedPending } from './sqlite';

export type Ladder = { steps: string[]; loads: Record<string, Load> };
/** What the floor's one batch costs D1 for signing and confirming (its `x-floor-d1` header). */
export type FloorCosts = { sign: D1Cost; confirm: D1Cost };
export type SpeedPhase = { floorCosts: FloorCosts; direct: Record<string, Load>; viaWrangler: Record<string, Load>; ladder: Ladder };

const get = (name: string, app: App, path: string): Subject => ({ name, run: async (o) => ({ [name]: await loadGet(app, path, o) }) });

/** The routes compared, for one way in (straight or through wrangler dev). */
function subjects(app: App, floor: App, tokens: { app: string[]; floor: string[] }, together: boolean): Subject[] {
  const list: Subject[] = [
    get('app /health', app, PATHS.health),
    get('bare Hono /health', floor, '/mw/0/health'),
    get('floor /health', floor, PATHS.health),
    get('count', app, PATHS.countLang),
    get('page', app, PATHS.page),
    { name: 'sign', run: async (o) => ({ sign: await loadSign(app, o) }) },
    { name: 'floor sign', run: async (o) => ({ 'floor sign': await loadSign(floor, o) }) },
    { name: 'confirm', run: async (o) => ({ confirm: await loadConfirm(app, tokens.app, o) }) },
    { name: 'floor confirm', run: async (o) => ({ 'floor confirm': await loadConfirm(floor, tokens.floor, o) }) },
  ];
  if (!together) return list;
  const pair = (prefix: string, target: App, t: string[]): Subject => ({
    name: `${prefix}sign + confirm`,
    run: async (o) => {
      const r = await loadSignAndConfirm(target, t, o);
      return { [`${prefix}together sign`]: r.sign, [`${prefix}together confirm`]: r.confirm };
    },
  });
  return [...list, pair('', app, tokens.app), pair('floor ', floor, tokens.floor)];
}

/** /health on bare Hono with the app's global middleware added one at a time, and on the app itself. */
async function ladder(app: App, floor: App, cfg: BenchConfig, log: (s: string) => void): Promise<Ladder> {
  const res = await fetch(`${floor.url}/mw`);
  const steps: unknown = await res.json();
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'string')) throw new Error('the floor did not list its middleware steps');
  const list = steps.map((name, k) => get(name, floor, `/mw/${k}/health`)).concat(get('the app', app, PATHS.health));
  const loads = await interleaved(list, { ...cfg.load, seconds: cfg.ladderSeconds }, log);
  return { steps: [...steps, 'the app'], loads };
}

/** One signing and one confirming on the floor, with their D1 figures. */
async function floorCosts(floor: App, tokens: string[]): Promise<FloorCosts> {
  const post = async (path: string, init: RequestInit) => {
    const res = await fetch(floor.url + path, { method: 'POST', redirect: 'manual', ...init });
    await res.arrayBuffer();
    const cost = parseTotals(res.headers.get('x-floor-d1'));
    if (!cost) throw new Error(`the floor's ${path} answered ${res.status} without x-floor-d1`);
    return cost;
  };
  const sign = await post(SIGN_PATH, { headers: { 'content-type': 'application/json' }, body: signatureBody('floorcost') });
  return { sign, confirm: await post(`/s/${tokens.pop() ?? 'none'}/confirm`, { headers: formHeaders(floor.url), body: confirmBody() }) };
}

/** Starts the app and the floor on copies of a database with the small number of signatures, and measures. */
export async function speedPhase(template: string, cfg: BenchConfig, vars: Record<string, string>, log: (s: string) => void): Promise<SpeedPhase> {
  const appDb = seeded(template, cfg.sizes[0]);
  const floorDb = seeded(template, cfg.sizes[0]);
  const tokens = { app: seedPending(appDb.file, appDb.campaign, cfg.confirmTokens, 'app'), floor: seedPending(floorDb.file, floorDb.campaign, cfg.confirmTokens, 'floor') };
  const app = await startApp({ persistDir: appDb.dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars, metrics: false });
  let floor: App | null = null;
  try {
    floor = await startApp({ persistDir: floorDb.dir, port: PORTS.floor, inspectorPort: PORTS.floorInspector, config: 'bench/floor/wrangler.toml', vars: { CAMPAIGN_ID: String(floorDb.campaign) } });
    const [appDirect, floorDirect] = [await app.direct(), await floor.direct()];
    log(`app at ${appDirect.url} (wrangler dev ${app.url}), floor at ${floorDirect.url} (wrangler dev ${floor.url}); ${cfg.load.connections} connections`);
    const costs = await floorCosts(floorDirect, tokens.floor);
    log(`the floor's D1 work: ${JSON.stringify(costs)}`);
    log('straight to each workerd:');
    const direct = await interleaved(subjects(appDirect, floorDirect, tokens, true), cfg.load, log);
    log('through wrangler dev:');
    const viaWrangler = await interleaved(subjects(app, floor, tokens, false), cfg.load, log);
    log('middleware ladder (straight):');
    return { floorCosts: costs, direct, viaWrangler, ladder: await ladder(appDirect, floorDirect, cfg, log) };
  } finally {
    await app.stop();
    await floor?.stop();
  }
}
