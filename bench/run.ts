/**
 * `npm run bench [-- --quick]`: what every operation costs in D1, each route's speed
 * against the floors of the same run (the app's /health, a bare Hono app, a bare Worker
 * doing the same D1 writes), a one-minute surge checked in the database, the drainer
 * against a fake Resend, and the CSV export at scale beside sqlite3's. A phase that fails
 * is reported as failed and the others still run; the run always writes its results
 * (bench/results.json, BENCHMARKS.md, and for a full run the README's figures).
 */
import { makeTemplate, runPhase, stopAll } from './app';
import { configFor } from './config';
import { drainPhase, fakeVars, startFake } from './drain';
import { largeCostPhase, smallCostPhase } from './phase-costs';
import { exportPhase } from './phase-export';
import { plansPhase } from './phase-plans';
import { mailPhase } from './phase-mail';
import { speedPhase } from './phase-speed';
import { surgePhase } from './phase-surge';
import { writeResults } from './report';
import { HARNESS, machine, type Outcome, type Results } from './results';
import { SQLITE_HELP, sqliteVersion } from './sqlite';

const cfg = configFor(process.argv.slice(2));
const started = Date.now();
const log = (s: string) => console.log(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${s}`);
const message = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

function bail(reason: string, code: number): never {
  console.error(`bench: ${reason}`);
  stopAll();
  process.exit(code);
}

process.on('SIGINT', () => bail('interrupted', 130));
process.on('SIGTERM', () => bail('terminated', 143));
// A stray failure (say, of a phase already given up) is reported; the run goes on.
process.on('uncaughtException', (err) => log(`uncaught: ${message(err)}`));
process.on('unhandledRejection', (err) => log(`unhandled rejection: ${message(err)}`));

/** The mail phase starts the app four times (two plans, two sizes): its own limit, even in --quick. */
const MAIL_PHASE_MS = 360_000;

/** Runs one phase under its time limit; a failure is logged and returned, never thrown. */
async function phase<T>(name: string, fn: () => Promise<T>, limitMs = cfg.phaseLimitMs): Promise<Outcome<T>> {
  const t0 = Date.now();
  const seconds = () => Math.round((Date.now() - t0) / 1000);
  log(`phase: ${name}`);
  const run = runPhase(fn);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopped: over its ${limitMs / 1000} s limit`)), limitMs);
  });
  try {
    return { ok: true, value: await Promise.race([run.done, limit]), seconds: seconds() };
  } catch (err) {
    log(`phase ${name} FAILED: ${message(err)}`);
    run.abandon();
    return { ok: false, error: err instanceof Error ? err.message : String(err), seconds: seconds() };
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<boolean> {
  const sqlite = sqliteVersion();
  if (!sqlite) bail(`${SQLITE_HELP} (then run npm run bench again)`, 1);
  const machineInfo = machine(sqlite);
  log(`${cfg.quick ? 'quick' : 'full'} run on ${machineInfo.cores} cores (load average ${machineInfo.loadAverageAtStart}); preparing a migrated database with the demo campaign`);
  const template = makeTemplate();
  const fake = await startFake();
  log(`fake Resend at ${fake.url}: the app sends its mail there`);
  if (process.argv.includes('--mail-only')) {
    // The mail phase alone (a couple of minutes), printed, results.json left as it was.
    const mail = await phase('mail', () => mailPhase(template, cfg, fake, log), MAIL_PHASE_MS).finally(() => fake.close());
    return mail.ok;
  }
  let phases: Results['phases'];
  try {
    const vars = fakeVars(fake);
    phases = {
      costsSmall: await phase('costs', () => smallCostPhase(template, cfg, fake, log)),
      speed: await phase('speed', () => speedPhase(template, cfg, vars, log)),
      surge: await phase('surge', () => surgePhase(template, cfg, vars, log)),
      drain: await phase('drain', () => drainPhase(template, cfg, fake, log)),
      mail: await phase('mail', () => mailPhase(template, cfg, fake, log), MAIL_PHASE_MS),
      costsLarge: await phase('costs at scale', () => largeCostPhase(template, cfg, log)),
      export: await phase('export', () => exportPhase(template, cfg, log)),
      plans: await phase('plans', () => plansPhase(template, cfg, fake, log)),
    };
  } finally {
    await fake.close();
  }
  const results: Results = {
    date: new Date().toISOString(),
    quick: cfg.quick,
    machine: machineInfo,
    harness: HARNESS,
    load: cfg.load,
    ladderSeconds: cfg.ladderSeconds,
    phases,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults(results, log);
  return Object.values(phases).every((p) => p.ok);
}

try {
  const allOk = await main();
  stopAll();
  if (!allOk) bail('finished, but some phases failed (see above)', 1);
} catch (err) {
  bail(`failed: ${message(err)}`, 1);
}
