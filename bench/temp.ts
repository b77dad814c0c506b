/** The run's temp folders (one root per run, named by its pid) and the migrated template database. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from './proc';

const folders = new Set<string>();
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

/** Removes every temp folder of this run. */
export function removeTempDirs(): void {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
  runRoot = null;
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
