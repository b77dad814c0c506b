/**
 * Starts the app as `npm start` does (wrangler dev, the same Worker and the same local
 * D1 code path), on a copy of a migrated database in a temp folder, and stops it again.
 * Every process started here is registered so `stopAll()` can end it on any failure.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmdlineOf, commOf, cpuOf, descendants, listeningPorts } from './proc';
import { BENCH_LINK_SECRET } from './sqlite';

export { peakRss, rssParts } from './proc';

const started = new Set<ChildProcess>();
const folders = new Set<string>();

/** Ends every process group this module started and removes its temp folders. */
export function stopAll(): void {
  for (const child of started) killGroup(child);
  started.clear();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
  runRoot = null;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

let runRoot: string | null = null;

/**
 * A temp folder removed by `stopAll()`. All of a run's folders sit in one root that names
 * the run's pid, so a later run removes what a killed one left behind.
 */
export function tempDir(prefix: string): string {
  if (!runRoot) {
    sweepStaleRoots();
    runRoot = mkdtempSync(join(tmpdir(), `solidarity-bench-${process.pid}-`));
    folders.add(runRoot);
  }
  return mkdtempSync(join(runRoot, prefix));
}

function sweepStaleRoots(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^solidarity-bench-(\d+)-/.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A migrated local D1 with the demo campaign, made once and copied for each fresh start. */
export function makeTemplate(): string {
  const dir = tempDir('template-');
  const run = (args: string[]) => execFileSync('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  run(['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', `--persist-to=${dir}`]);
  run(['tsx', 'scripts/campaign.ts', 'push', 'campaigns/zhanaozen-solidarity.json', '--persist-to', dir]);
  return dir;
}

/** A fresh copy of the template database. */
export function freshCopy(template: string): string {
  const dir = tempDir('db-');
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** The D1 SQLite file inside a `--persist-to` folder (the one that is not miniflare's metadata). */
export function sqliteFile(persistDir: string): string {
  const base = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const files = readdirSync(base).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (files.length !== 1) throw new Error(`expected one D1 database in ${base}, found ${files.join(', ') || 'none'}`);
  return join(base, files[0]!);
}

export type App = {
  /** Where load goes: wrangler dev's port, or after `direct()` the app's own workerd socket. */
  url: string;
  /** wrangler dev's port (its proxy worker in front of the app). */
  proxyUrl: string;
  port: number;
  /** Pids of the workerd processes under this wrangler dev (its proxy and the app's runtime). */
  workerdPids(): number[];
  /** Pid of the workerd process that runs the app (the one with the inspector), or null. */
  runtimePid(): number | null;
  /** CPU seconds used so far by the app's workerd, and by the rest of wrangler dev (its Node process and proxy workerd). */
  cpuSeconds(): { app: number; wrangler: number };
  /** The same app with `url` set to the app workerd's own socket, skipping wrangler's proxy worker. */
  direct(): Promise<App>;
  stop(): Promise<void>;
};

export type AppOptions = { persistDir: string; port: number; inspectorPort: number; vars?: Record<string, string> };

/** Runs `wrangler dev` on `persistDir` with DEBUG_METRICS on, and waits until it answers. */
export async function startApp(o: AppOptions): Promise<App> {
  const vars = { ENVIRONMENT: 'development', DEBUG_METRICS: '1', LINK_SECRET: BENCH_LINK_SECRET, ...o.vars };
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(o.port), '--inspector-port', String(o.inspectorPort),
    '--persist-to', o.persistDir, '--test-scheduled', '--log-level', 'warn', ...varArgs];
  // A guard in the same process group ends wrangler dev and everything under it once this
  // process is gone, however it ended (even SIGKILL, where no handler of ours runs).
  const guard = `npx ${args.map(shellQuote).join(' ')} & W=$!
    while kill -0 ${process.pid} 2>/dev/null && kill -0 $W 2>/dev/null; do sleep 1; done
    kill -KILL 0`;
  const child = spawn('sh', ['-c', guard], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  started.add(child);
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error(`wrangler dev did not answer within 90 s:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const workerdPids = () => descendants(child.pid ?? -1).filter((pid) => commOf(pid) === 'workerd');
  const runtimePid = () => {
    const pids = workerdPids();
    // The proxy's workerd has no inspector; the app's does.
    return pids.find((pid) => cmdlineOf(pid).includes('--inspector-addr')) ?? pids.at(-1) ?? null;
  };
  const app: App = {
    url,
    proxyUrl: url,
    port: o.port,
    workerdPids,
    runtimePid,
    cpuSeconds() {
      const app = runtimePid();
      const rest = [child.pid ?? -1, ...descendants(child.pid ?? -1)].filter((pid) => pid !== app);
      return { app: app === null ? 0 : cpuOf(app), wrangler: rest.reduce((sum, pid) => sum + cpuOf(pid), 0) };
    },
    async direct() {
      const pid = runtimePid();
      for (const port of pid === null ? [] : listeningPorts(pid)) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
          if (res.ok && res.headers.get('server-timing') && (await res.text()) === 'ok') return { ...app, url: `http://127.0.0.1:${port}` };
        } catch {
          // Not an HTTP socket (the inspector or the debug port).
        }
      }
      throw new Error('could not find the app workerd\'s own socket');
    },
    async stop() {
      killGroup(child);
      started.delete(child);
      await new Promise((r) => setTimeout(r, 300));
    },
  };
  return app;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
