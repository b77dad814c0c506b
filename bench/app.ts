/**
 * Starts a Worker as `npm start` does (wrangler dev, the same local D1 code path): the app,
 * or the floor with its own config, on a copy of a migrated database, and stops it again.
 * Every process started here is registered so `stopAll()` can end it on any failure.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, type ChildProcess } from 'node:child_process';
import { cmdlineOf, commOf, cpuOf, descendants, isAlive, listeningPorts, stateOf } from './proc';
import { removeTempDirs } from './temp';
import { BENCH_LINK_SECRET } from './sqlite';

export { peakRss, rssParts } from './proc';
export { freshCopy, makeTemplate, sqliteFile, tempDir } from './temp';

const started = new Set<ChildProcess>();

const phase = new AsyncLocalStorage<number>();
let activePhase = 0;

/**
 * Runs one phase. Once `abandon()` is called (the phase ran over its limit), its processes
 * are ended and any Worker it still tries to start is refused, so a late phase never
 * shares ports with the next one.
 */
export function runPhase<T>(fn: () => Promise<T>): { done: Promise<T>; abandon(): void } {
  const id = ++activePhase;
  return {
    done: phase.run(id, fn),
    abandon() {
      if (activePhase === id) activePhase += 1;
      stopProcesses();
    },
  };
}

/** Ends every process group this module started. */
export function stopProcesses(): void {
  for (const child of started) killGroup(child);
  started.clear();
}

/** Ends every process group this module started and removes the run's temp folders. */
export function stopAll(): void {
  stopProcesses();
  removeTempDirs();
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function killPid(pid: number): void {
  try {
    if (pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function isRunning(pid: number): boolean {
  return pid > 0 && isAlive(pid) && stateOf(pid) !== 'Z';
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
  /** The last lines wrangler dev printed (what a failed request can be explained by). */
  logTail(): string;
  /** The same app with `url` set to the app workerd's own socket, skipping wrangler's proxy worker. */
  direct(): Promise<App>;
  stop(): Promise<void>;
};

export type AppOptions = {
  persistDir: string;
  port: number;
  inspectorPort: number;
  vars?: Record<string, string>;
  /** Another Worker's wrangler config (the floor); default: the app's wrangler.toml. */
  config?: string;
  /** DEBUG_METRICS (Server-Timing with D1 figures): on unless false. */
  metrics?: boolean;
};

/** Runs `wrangler dev` on `persistDir` (the app, with DEBUG_METRICS on unless told otherwise), and waits until it answers. */
export async function startApp(o: AppOptions): Promise<App> {
  const mine = phase.getStore();
  if (mine !== undefined && mine !== activePhase) throw new Error('this phase was stopped: no new Worker is started for it');
  const vars = o.config ? { ...o.vars } : { ENVIRONMENT: 'development', DEBUG_METRICS: o.metrics === false ? '' : '1', LINK_SECRET: BENCH_LINK_SECRET, ...o.vars };
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = ['wrangler', 'dev', ...(o.config ? ['-c', o.config] : []), '--ip', '127.0.0.1', '--port', String(o.port),
    '--inspector-port', String(o.inspectorPort), '--persist-to', o.persistDir, '--test-scheduled', '--log-level', 'warn', ...varArgs];
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
    logTail: () => log.slice(-4000),
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
          if (res.ok && (await res.text()) === 'ok') return { ...app, url: `http://127.0.0.1:${port}` };
        } catch {
          // Not an HTTP socket (the inspector or the debug port).
        }
      }
      throw new Error('could not find the app workerd\'s own socket');
    },
    async stop() {
      // Every process of the tree must be gone before anyone else opens the database file:
      // a workerd still exiting holds SQLite's locks (sqlite3 then fails with "database is locked").
      const tree = [child.pid ?? -1, ...descendants(child.pid ?? -1)];
      killGroup(child);
      for (const pid of tree) killPid(pid);
      started.delete(child);
      await waitGone(tree, 20_000);
    },
  };
  return app;
}

/** Waits until none of `pids` is running (gone, or a zombie that has closed its files). */
async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.filter(isRunning).join(', ')} still running ${timeoutMs / 1000} s after SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
