/**
 * The seed's ledger trees built, as the minute cron keeps them on a running deployment (the
 * seed writes leaves with SQL, which cannot hash): the app's own buildLedgers, through
 * wrangler's getPlatformProxy on the seeded database, with no budget, before the app starts.
 */
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { buildLedgers } from '../src/flows/ledger';
import { Budget } from '../src/lib/budget';

/** Builds (and seals what is finished) until nothing is behind; returns the steps taken. */
export async function buildSeededLedger(persistDir: string, now = Date.now()): Promise<number> {
  const proxy = await getPlatformProxy({ persist: { path: join(persistDir, 'v3') }, remoteBindings: false });
  try {
    const db = proxy.env.DB as D1Database;
    let steps = 0;
    for (;;) {
      const n = await buildLedgers(db, now, new Budget(Number.POSITIVE_INFINITY));
      if (n === 0) return steps;
      steps += n;
    }
  } finally {
    await proxy.dispose();
  }
}
