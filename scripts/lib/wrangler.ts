/**
 * Running wrangler from the scripts: its output is captured, and shown only when it fails
 * (or when the operator asks with `--verbose`), so a person reads sentences, not tables.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** wrangler's own launcher, run with this Node: no `npx` process in between, and signals reach it. */
export const WRANGLER_BIN = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js');

/** A failed wrangler run; `output` is everything it printed. */
export class WranglerFailed extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`wrangler ${args.join(' ')} failed${code === null ? '' : ` (exit code ${code})`}:\n${output.trimEnd()}`);
  }
}

/** The flags that choose the local database (under `--persist-to` when given). */
export function localArgs(persistTo: string | undefined): string[] {
  return persistTo ? ['--local', `--persist-to=${persistTo}`] : ['--local'];
}

const running = new Set<ReturnType<typeof spawn>>();

/** Sends a signal to every wrangler started here that is still running. */
export function signalAll(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal);
}

/**
 * Runs wrangler with stdin closed (so it never waits for a prompt) and resolves to its
 * stdout; rejects with `WranglerFailed` carrying stdout and stderr when it exits non-zero.
 */
export function runWrangler(args: string[], options: { verbose?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let all = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      all += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (all += chunk.toString()));
    child.on('error', (err) => {
      running.delete(child);
      reject(new WranglerFailed(args, null, err.message));
    });
    child.on('close', (code) => {
      running.delete(child);
      if (options.verbose) process.stdout.write(all);
      if (code === 0) resolve(stdout);
      else reject(new WranglerFailed(args, code, all));
    });
  });
}
