// Starts the app as `npm start` does, on a fresh local D1 in a temp folder, for browser tests.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync',
];

/** Launches Debian's Chromium through playwright-core. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Migrates a fresh local D1, pushes the demo campaign and runs `wrangler dev`.
 * Returns the base URL and a stop function.
 */
export async function startApp({ port, inspectorPort, vars = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'solidarity-browser-'));
  const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', `--persist-to=${dir}`]);
  run('npx', ['tsx', 'scripts/campaign.ts', 'push', 'campaigns/zhanaozen-solidarity.json', '--persist-to', dir]);
  const varArgs = Object.entries({ ENVIRONMENT: 'development', ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', dir, ...varArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${log}`)), 60_000);
    const onData = (chunk) => {
      log += chunk;
      if (log.includes('Ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`wrangler dev exited with ${code}:\n${log}`)));
  });
  return {
    url: `http://localhost:${port}`,
    log: () => log,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
