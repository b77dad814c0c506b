/**
 * Where a command acts: the local D1 (through wrangler's `getPlatformProxy`, a real binding
 * with bound parameters), or a deployed Worker's own admin API over HTTPS with a token, the
 * same code path as the browser editor. No value is ever spliced into SQL text.
 */
import { CliError } from './cli-error';

/** The local database (under `--persist-to` when given), or a Worker at `origin`. */
export type Where = { kind: 'local'; persistTo: string | undefined } | { kind: 'remote'; origin: string; token: string };

/** The Worker's side of `Where`. */
export type Remote = Extract<Where, { kind: 'remote' }>;

const TOKEN_HELP =
  'Set SOLIDARITY_TOKEN to an API token of the campaign (its Team page, or  npm run campaign -- token <slug> --url …),\n' +
  'or, to create the first campaign, to the Worker\'s ADMIN_TOKEN (npm run campaign -- bootstrap says how).';

/** `http://localhost:8787`, `https://solidarity.example.org`: an origin, https unless it is this machine. */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--url takes the Worker's address, such as --url https://solidarity.example.org (got "${url}").`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) {
    throw new CliError(`--url must be https:// (the token must not cross the network in clear); got "${url}".`);
  }
  return parsed.origin;
}

/** Chooses from the options: `--url` (with SOLIDARITY_TOKEN) or the local database; `--remote` is gone. */
export function whereFrom(options: { url?: string; persistTo?: string; remote?: boolean }, env: NodeJS.ProcessEnv): Where {
  if (options.remote) {
    throw new CliError('--remote is gone: commands reach the deployed Worker over HTTPS instead, with\n  --url https://YOUR-HOST  and the token in SOLIDARITY_TOKEN (see docs/deploying.md).');
  }
  if (options.url === undefined) return { kind: 'local', persistTo: options.persistTo };
  if (options.persistTo) throw new CliError('--url and --persist-to do not go together: one is the deployed Worker, the other a local database.');
  const origin = originOf(options.url);
  const token = env.SOLIDARITY_TOKEN?.trim() ?? '';
  if (!token) throw new CliError(`SOLIDARITY_TOKEN is not set. ${TOKEN_HELP}`);
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new CliError(`SOLIDARITY_TOKEN is not a token (43 letters, digits, - and _). ${TOKEN_HELP}`);
  return { kind: 'remote', origin, token };
}

/** "the local database", "the local database in /tmp/x", "https://host". */
export function describeWhere(w: Where): string {
  if (w.kind === 'remote') return w.origin;
  return w.persistTo ? `the local database in ${w.persistTo}` : 'the local database';
}
