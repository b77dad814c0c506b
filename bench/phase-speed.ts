/**
 * Speed against the floors, in one run: the app (DEBUG_METRICS off, as deployed) and the
 * bare floor Worker run side by side, each under its own wrangler dev on a copy of the same
 * database, driven by the same autocannon requests at the same concurrency, interleaved.
 * Each route is measured straight to the Worker's workerd and through wrangler dev's port.
 */
import { type App, startApp } from './app';
import { type BenchConfig, PORTS } from './config';
import { type Load, loadConfirm, loadGet, loadSign, loadSignAndConfirm, PATHS } from './load';
import { interleaved, type Subject } from './rounds';
import { seeded } from './seed';
import { seedPending } from './sqlite';

export type Ladder = { steps: string[]; loads: Record<string, Load> };
export type SpeedPhase = { direct: Record<string, Load>; viaWrangler: Record<string, Load>; ladder: Ladder };

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
  const loads = await interleaved(list, { seconds: cfg.ladderSeconds, connections: cfg.load.connections }, log);
  return { steps: [...steps, 'the app'], loads };
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
    log('straight to each workerd:');
    const direct = await interleaved(subjects(appDirect, floorDirect, tokens, true), cfg.load, log);
    log('through wrangler dev:');
    const viaWrangler = await interleaved(subjects(app, floor, tokens, false), cfg.load, log);
    log('middleware ladder (straight):');
    return { direct, viaWrangler, ladder: await ladder(appDirect, floorDirect, cfg, log) };
  } finally {
    await app.stop();
    await floor?.stop();
  }
}
