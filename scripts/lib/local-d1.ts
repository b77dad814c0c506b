/**
 * The local D1 as a real binding in Node: wrangler's `getPlatformProxy` opens the same
 * database `wrangler dev` uses (`.wrangler/state/v3`, or `<persist-to>/v3`), so statements
 * run with bound `?1` parameters, exactly as in the Worker.
 */
import { join } from 'node:path';
import { CliError } from './cli-error';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * wrangler's module adds signal handlers that exit the process at once. Where the process
 * handles a signal itself (npm start stops wrangler dev first, then exits with its code), the
 * handler wrangler added for it is taken out again.
 */
async function importWrangler(): Promise<typeof import('wrangler')> {
  const own = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const wrangler = await import('wrangler');
  for (const [signal, listeners] of own) {
    if (listeners.length === 0) continue;
    for (const added of process.listeners(signal)) if (!listeners.includes(added)) process.removeListener(signal, added);
  }
  return wrangler;
}

/** Runs `fn` with the local database and closes it after, whatever `fn` does. */
export async function withLocalDb<T>(persistTo: string | undefined, fn: (db: D1Database) => Promise<T>): Promise<T> {
  const { getPlatformProxy } = await importWrangler();
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    persist: { path: join(persistTo ?? '.wrangler/state', 'v3') },
    // Nothing remote, and no .env files: only the D1 binding is used.
    remoteBindings: false,
    envFiles: [],
  });
  try {
    return await fn(proxy.env.DB);
  } catch (err) {
    if (err instanceof Error && /no such table/.test(err.message)) {
      const where = persistTo ? ` in ${persistTo}` : '';
      throw new CliError(`The local database${where} has no tables yet: run  npm start  (or  npm run db:migrate) first.`);
    }
    throw err;
  } finally {
    await proxy.dispose();
  }
}

/** The rows a batch changed in all, from D1's own counts. */
export function changesOf(results: D1Result[]): number {
  return results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
}
