// The one way browser tests start the app: as `npm start` does, on a fresh local D1 in a
// temp folder (migrated, campaigns pushed, optional seed SQL), plus Debian's Chromium.
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
 * Migrates a fresh local D1, pushes the campaign files, runs `seedSql` if given, builds the
 * browser scripts and runs `wrangler dev` on 127.0.0.1:`port`. Resolves to the base URL and a
 * `stop()` that ends wrangler (its whole process group) and removes the folder.
 */
export async function startApp({ port, inspectorPort, files = ['campaigns/zhanaozen-solidarity.json'], seedSql, vars = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'solidarity-browser-'));
  const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  const where = ['--local', `--persist-to=${dir}`];
  run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', ...where]);
  for (const file of files) run('npx', ['tsx', 'scripts/campaign.ts', 'push', file, '--persist-to', dir]);
  if (seedSql) run('npx', ['wrangler', 'd1', 'execute', 'DB', ...where, '--command', seedSql, '--yes']);
  run('npm', ['run', 'build:widget']);
  // As `npm start` does: a secret for the signed cookies (the address on "check your inbox", a
  // browser's own ticks on the page behind its link).
  const varArgs = Object.entries({ ENVIRONMENT: 'development', IP_HASH_SECRET: 'browser-test-secret', ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
      '--persist-to', dir, '--show-interactive-dev-session=false', ...varArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1' } },
  );
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM'); // the group: npx, wrangler and workerd
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  };
  let log = '';
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`wrangler dev did not start in 90 s:\n${log}`)), 90_000);
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
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, log: () => log, stop };
}
