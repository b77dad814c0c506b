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
  log(`fake Resend at ${fake.url}: the app sends its mail there`);
  let small, throughput, drain;
  try {
    ({ small, throughput } = await throughputPhase(template, cfg, fakeVars(fake), log));
    drain = await drainPhase(template, cfg, fake, log);
  } finally {
    await fake.close();
  }
  const large = await costPhase(template, cfg, log);
  const exported = await exportPhase(template, cfg, log);
  const results: Results = {
    date: new Date().toISOString(),
    quick: cfg.quick,
    machine: machineInfo,
    harness: `wrangler dev --persist-to <fresh folder> (workerd with miniflare's local D1 on SQLite, the same Worker as \`npm start\`); load from autocannon on the same machine, sent straight to the socket of the workerd that runs the app (its miniflare entry worker routes to the app) so wrangler's proxy worker is not in the way, except in the two rows marked 'through wrangler dev'; mail through the Resend SDK to the tests' fake Resend on loopback`,
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
