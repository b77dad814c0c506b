/**
 * What `npm start` makes of the flags after `--` (no Node APIs here, so the tests run it):
 * they all go to `wrangler dev`, with its defaults added only where the user gave none.
 */
import { CliError } from './cli-error';

/** Where the app listens unless `--port` says otherwise. */
export const DEFAULT_PORT = 8787;
/**
 * Local development: the dev mailbox on, the per-request D1 metrics header on, and a
 * throwaway IP_HASH_SECRET, so that "check your inbox" can name the address (its cookie is
 * signed with a key derived from that secret). The demo organiser is an admin too, so
 * creating a campaign in the browser can be tried locally.
 */
export const DEFAULT_VARS: Record<string, string> = {
  ENVIRONMENT: 'development', DEBUG_METRICS: '1', IP_HASH_SECRET: 'local-development-only', ADMIN_EMAILS: 'organiser@example.org',
};

/** The `wrangler dev` arguments, and what the start script needs to know from them. */
export type StartPlan = {
  devArgs: string[];
  port: number;
  /** The origin to print and to poll, e.g. http://localhost:8787. */
  origin: string;
  persistTo: string | undefined;
  /** `--force`: push the demo file even over edits made in the browser (not a flag of wrangler dev). */
  force: boolean;
};

/** The last value of `--name v` or `--name=v`; '' when the flag has no value, undefined when absent. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
    else if (arg === `--${name}`) value = args[i + 1]?.startsWith('-') ? '' : (args[i + 1] ?? '');
  });
  return value;
}

/** Names given with `--var NAME:value` (wrangler takes several values after one `--var`). */
export function varNames(args: readonly string[]): Set<string> {
  const names = new Set<string>();
  let inVar = false;
  for (const arg of args) {
    if (arg.startsWith('--var=')) names.add(arg.slice(6).split(':')[0] ?? '');
    if (arg.startsWith('-')) inVar = arg === '--var';
    else if (inVar) names.add(arg.split(':')[0] ?? '');
  }
  return names;
}

function hostOf(ip: string | undefined): string {
  if (!ip || ip === '0.0.0.0' || ip === '::' || ip === '*') return 'localhost';
  return ip.includes(':') ? `[${ip}]` : ip;
}

/**
 * Plans `wrangler dev` from the user's flags; throws a `CliError` on a port that is not one.
 * `--test-scheduled` gives the Worker `/__scheduled?cron=…`, which the start script calls on
 * each cron's schedule (wrangler dev fires no cron by itself).
 */
export function planStart(allArgs: readonly string[]): StartPlan {
  const userArgs = allArgs.filter((a) => a !== '--force');
  const defaults: string[] = [];
  if (!userArgs.includes('--test-scheduled')) defaults.push('--test-scheduled');
  const portText = flagValue(userArgs, 'port');
  if (portText === undefined) defaults.push('--port', String(DEFAULT_PORT));
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!/^\d+$/.test(portText ?? String(DEFAULT_PORT)) || port < 1 || port > 65535) {
    throw new CliError(`--port takes a port number from 1 to 65535, such as --port 8799 (got "${portText}").`);
  }
  const given = varNames(userArgs);
  for (const [name, value] of Object.entries(DEFAULT_VARS)) if (!given.has(name)) defaults.push('--var', `${name}:${value}`);
  const protocol = flagValue(userArgs, 'local-protocol') === 'https' ? 'https' : 'http';
  const persistTo = flagValue(userArgs, 'persist-to') || undefined;
  const origin = `${protocol}://${hostOf(flagValue(userArgs, 'ip'))}:${port}`;
  return { devArgs: ['dev', ...defaults, ...userArgs], port, origin, persistTo, force: userArgs.length !== allArgs.length };
}

/**
 * One line from the output of `wrangler d1 migrations apply`: how many it applied (the
 * names it marked ✅; it redraws its table after each, so names repeat), or "up to date".
 */
export function migrationSummary(output: string): string {
  if (/No migrations to apply/.test(output)) return 'up to date';
  const applied = new Set([...output.matchAll(/│\s*(\S+)\s*│\s*✅/gu)].map((m) => m[1]));
  if (applied.size === 0) return 'migrations applied';
  return applied.size === 1 ? '1 migration applied' : `${applied.size} migrations applied`;
}
