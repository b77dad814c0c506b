/**
 * `npm run bench [-- --quick]`: what every operation costs in D1 rows, how fast each
 * route runs against this machine's baseline, the drainer against a fake Resend, and
 * the CSV export at scale beside sqlite3's. Prints a table and writes
 * bench/results.json and BENCHMARKS.md. See BENCHMARKS.md for how to read it.
 */
import { makeTemplate, stopAll } from './app';
import { configFor } from './config';
import { drainPhase, fakeVars, startFake } from './drain';
import { costPhase, exportPhase, throughputPhase } from './phases';
import { machine, type Results, writeResults } from './report';
import { SQLITE_HELP, sqliteVersion } from './sqlite';

const cfg = configFor(process.argv.slice(2));
const started = Date.now();
const log = (s: string) => console.log(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${s}`);

function bail(reason: string, code: number): never {
  console.error(`bench: ${reason}`);
  stopAll();
  process.exit(code);
}

process.on('SIGINT', () => bail('interrupted', 130));
process.on('SIGTERM', () => bail('terminated', 143));
process.on('uncaughtException', (err) => bail(`failed: ${err.stack ?? err.message}`, 1));
setTimeout(() => bail(`stopped: over the ${cfg.deadlineMs / 1000} s time limit`, 1), cfg.deadlineMs).unref();

async function main(): Promise<void> {
  const sqlite = sqliteVersion();
  if (!sqlite) bail(`${SQLITE_HELP} (then run npm run bench again)`, 1);
  const machineInfo = machine(sqlite);
  log(`${cfg.quick ? 'quick' : 'full'} run on ${machineInfo.cores} cores (load average ${machineInfo.loadAverageAtStart}); preparing a migrated database with the demo campaign`);
  const template = makeTemplate();
  const fake = await startFake();
  if (fake) log(`fake Resend at ${fake.url}: the app sends mail through it`);
  else log('no fake Resend in this checkout: the app uses its dev mailbox (mail stored in D1) and the drainer is skipped');
  let small, throughput, drain;
  try {
    ({ small, throughput } = await throughputPhase(template, cfg, fake ? fakeVars(fake) : {}, log));
    drain = await drainPhase(template, cfg, fake, log);
  } finally {
    await fake?.close();
  }
  const large = await costPhase(template, cfg, log);
  const exported = await exportPhase(template, cfg, log);
  const results: Results = {
    date: new Date().toISOString(),
    quick: cfg.quick,
    machine: machineInfo,
    harness: `wrangler dev (workerd, local D1 on SQLite) fronted by wrangler’s proxy worker; load from autocannon on the same machine; mail ${fake ? 'through the fake Resend' : 'to the dev mailbox (no fake Resend in this checkout)'}`,
    load: cfg.load,
    costs: [small, large],
    throughput,
    drain,
    export: exported,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults(results, log);
}

try {
  await main();
} catch (err) {
  bail(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1);
} finally {
  stopAll();
}
