/**
 * The plans phase: what a visit costs in Worker requests and what one signature sends (in
 * Chromium, bench/visits.ts), and the bytes a signature takes in D1, measured from the local
 * D1 file after seeding confirmed signatures. bench/plans.ts turns them into what each plan carries.
 */
import { freshCopy, sqliteFile, startApp } from './app';
import { SLUG } from './client';
import { type BenchConfig, PORTS } from './config';
import { FAKE_KEY, fakeVars } from './drain';
import { runCron } from './e2e';
import { campaignId, queryOne, seedConfirmed } from './sqlite';
import { measureVisits, type Visits } from './visits';
import type { FakeResend } from '../test/fake-resend/server';

export type Footprint = { signatures: number; bytesBefore: number; bytesAfter: number; bytesPerSignature: number };
export type PlansPhase = { visits: Visits; footprint: Footprint };

/** The database's size as D1 reports it: its pages, whatever is still in the WAL included. */
function dbBytes(file: string): number {
  return Number(queryOne(file, 'PRAGMA page_count;')) * Number(queryOne(file, 'PRAGMA page_size;'));
}

/** Bytes per confirmed signature (its row and index entries), from the file's growth over `n`. */
function footprint(template: string, n: number): Footprint {
  const file = sqliteFile(freshCopy(template));
  const bytesBefore = dbBytes(file);
  seedConfirmed(file, campaignId(file, SLUG), n);
  const bytesAfter = dbBytes(file);
  return { signatures: n, bytesBefore, bytesAfter, bytesPerSignature: Math.round((bytesAfter - bytesBefore) / n) };
}

/** Runs the visits on a fresh database, and the footprint at the large size. */
export async function plansPhase(template: string, cfg: BenchConfig, fake: FakeResend, log: (s: string) => void): Promise<PlansPhase> {
  fake.reset(FAKE_KEY);
  const app = await startApp({ persistDir: freshCopy(template), port: PORTS.app, inspectorPort: PORTS.inspector, vars: fakeVars(fake) });
  let visits: Visits;
  try {
    // The cron each second until a few runs send nothing more (the forwards wait for their slots).
    const settleMail = async () => {
      for (let quiet = 0, last = -1, i = 0; quiet < 3 && i < 60; i++) {
        await runCron(app);
        const sent = fake.stats(FAKE_KEY).delivered.length;
        quiet = sent === last ? quiet + 1 : 0;
        last = sent;
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    visits = await measureVisits(app.proxyUrl, fake, FAKE_KEY, settleMail);
    log(`visits: ${JSON.stringify(visits)}`);
  } finally {
    await app.stop();
  }
  const size = footprint(template, cfg.sizes[1]!);
  log(`footprint: ${JSON.stringify(size)}`);
  return { visits, footprint: size };
}
