/**
 * `npm start [-- flags for wrangler dev]`: the app on a local D1, ready to click through.
 *
 * Builds the browser scripts, applies the migrations, loads the demo campaign (each told in
 * one line; wrangler's own output only when it fails), then runs `wrangler dev` with the
 * user's flags (`--port`, `--ip`, `--persist-to`, anything else) and our defaults only where
 * the user gave none, prints the app's and the dev mailbox's addresses once it answers, and
 * from then on fires wrangler.toml's crons on their schedule, as Cloudflare does in production.
 * Of wrangler dev's own output it shows what the Worker logs and real errors (dev-output.ts).
 * Ctrl-C or a signal to this process ends wrangler dev; its exit code is passed on.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildBrowserScripts, WIDGET_BUDGET } from './lib/browser-build';
import { CliError, runMain } from './lib/cli';
import { cronFires, cronsOf, untilNextMinute } from './lib/cron-schedule';
import { DevOutputFilter } from './lib/dev-output';
import { answers, statusOf, waitUntilServing } from './lib/http-probe';
import { loadDemo } from './lib/start-demo';
import { migrationSummary, planStart, type StartPlan } from './lib/start-plan';
import { runWrangler, signalAll, WRANGLER_BIN, WranglerFailed, localArgs } from './lib/wrangler';

const DEMO = 'campaigns/zhanaozen-solidarity.json';
const DEMO_SLUG = 'zhanaozen-solidarity';

let dev: ChildProcess | null = null;
let stopping: NodeJS.Signals | null = null;

function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 1);
}

// A terminal's Ctrl-C reaches every process in the group; `kill <pid>` reaches only this
// one. Either way the children get the signal, and this process waits for them.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopping = signal;
    signalAll(signal);
    if (dev && dev.exitCode === null) dev.kill(signal);
    else if (!dev) process.exit(exitCodeOf(signal));
  });
}

async function buildScripts(): Promise<string> {
  const { ok, scripts } = await buildBrowserScripts();
  const widget = scripts.find((s) => s.path === 'public/widget.js');
  if (!ok || !widget) {
    const sizes = scripts.map((s) => `  ${s.path}: ${s.gzipped} B gzipped${s.overBudget ? ` — over its ${WIDGET_BUDGET} B budget` : ''}`);
    throw new CliError(`Building the browser scripts failed:\n${sizes.join('\n')}`);
  }
  return `Browser scripts built (the widget is ${(widget.gzipped / 1024).toFixed(1)} KB gzipped).`;
}

async function migrate(plan: StartPlan): Promise<string> {
  const where = plan.persistTo ?? '.wrangler/state';
  try {
    const out = await runWrangler(['d1', 'migrations', 'apply', 'DB', ...localArgs(plan.persistTo)]);
    return `Database in ${where}: ${migrationSummary(out)}.`;
  } catch (err) {
    if (!(err instanceof WranglerFailed)) throw err;
    // A local database made before the migrations were squashed into a baseline has the
    // tables but not the baseline's name in d1_migrations.
    const hint = /already exists/.test(err.output)
      ? `\n\nThe local database in ${where} was made by older migrations. It holds only local data:\nremove it with  rm -rf ${join(where, 'v3', 'd1')}  and run npm start again.`
      : '';
    throw new CliError(`Applying the migrations to ${where} failed. wrangler said:\n\n${err.output.trim()}${hint}`);
  }
}

/** Fires each cron of wrangler.toml at the start of every minute it is due, through `/__scheduled`. */
function runCrons(plan: StartPlan, crons: string[]): void {
  const tick = async () => {
    const now = new Date();
    for (const cron of crons.filter((c) => cronFires(c, now))) {
      const status = await statusOf(`${plan.origin}/__scheduled?cron=${encodeURIComponent(cron)}`);
      if (status !== 200 && !stopping) console.error(`  The cron "${cron}" failed (${status === null ? 'no answer' : `HTTP ${status}`}); the lines above say why.`);
    }
  };
  const next = () => setTimeout(() => {
    void tick();
    next();
  }, untilNextMinute(Date.now()) + 100).unref();
  next();
}

/** Prints where to click once the app answers, then runs the crons. */
async function announce(plan: StartPlan): Promise<void> {
  if (!(await waitUntilServing(`${plan.origin}/health`, () => dev?.exitCode !== null))) return;
  const mailbox = (await answers(`${plan.origin}/dev/mailbox`))
    ? `${plan.origin}/dev/mailbox (every email sent locally lands here)`
    : 'off: ENVIRONMENT is not "development" or RESEND_API_KEY is set, so mail goes to Resend';
  const crons = cronsOf(readFileSync('wrangler.toml', 'utf8'));
  console.log(`\nSolidarity is running at ${plan.origin}\n  demo campaign  ${plan.origin}/c/${DEMO_SLUG}\n  organisers     ${plan.origin}/admin (sign in as organiser@example.org)\n  dev mailbox    ${mailbox}\n  crons          ${crons.join(' and ')} (UTC), run here on their schedule as in production\nCtrl-C stops it.\n`);
  runCrons(plan, crons);
}

/**
 * Passes wrangler dev's output on through the filter once it is ready; before that it is kept,
 * and shown whole only if wrangler dev stops without getting ready.
 */
function relay(child: ChildProcess): () => string {
  const filter = new DevOutputFilter();
  let ready = false;
  let early = '';
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (!ready) {
        early += `${line}\n`;
        ready = /Ready on /.test(line);
        return;
      }
      const shown = filter.line(line);
      if (shown !== null) out.write(`${shown}\n`);
    });
  }
  return () => (ready ? '' : early);
}

function runDev(plan: StartPlan): Promise<number> {
  console.log(`Starting wrangler dev on port ${plan.port}…`);
  const child = spawn(process.execPath, [WRANGLER_BIN, ...plan.devArgs], { stdio: ['inherit', 'pipe', 'pipe'] });
  dev = child;
  const unsaid = relay(child);
  void announce(plan);
  child.on('close', (code) => {
    if (code !== 0 && !stopping && unsaid()) console.error(`\nwrangler dev stopped before it was ready. It said:\n\n${unsaid().trimEnd()}`);
  });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`Could not run wrangler dev: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? exitCodeOf(signal ?? 'SIGTERM')));
  });
}

async function main(): Promise<void> {
  const plan = planStart(process.argv.slice(2));
  console.log('Starting Solidarity locally.');
  // The build and the migrations touch different things; run them side by side.
  const [built, migrated] = await Promise.all([buildScripts(), migrate(plan)]);
  console.log(`  ${built}\n  ${migrated}`);
  console.log(`  ${await loadDemo(DEMO, plan.persistTo, plan.force)}`);
  const code = await runDev(plan);
  process.exit(code);
}

await runMain(async () => {
  try {
    await main();
  } catch (err) {
    // Interrupted while a step ran: the step's failure is the interruption, not news.
    if (stopping) process.exit(exitCodeOf(stopping));
    throw err;
  }
});
