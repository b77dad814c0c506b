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

/**
 * Seeded signatures' growth of the file and of the payload (dbstat: bytes of rows and index
 * entries, without the pages' own overhead), and the payload one real signature added (its row,
 * its mail's outbox rows, index entries): scaled by the seeded file/payload ratio, that is the
 * bytes a signature takes.
 */
export type Footprint = {
  signatures: number; bytesBefore: number; bytesAfter: number; seededPayloadPerSignature: number;
  realPayload: number; bytesPerSignature: number;
};
export type PlansPhase = { visits: Visits; footprint: Footprint };

/** The database's size as D1 reports it: its pages, whatever is still in the WAL included. */
function dbBytes(file: string): number {
  return Number(queryOne(file, 'PRAGMA page_count;')) * Number(queryOne(file, 'PRAGMA page_size;'));
}

/** Bytes of every row and index entry in the database, without the pages' overhead. */
function payloadBytes(file: string): number {
  return Number(queryOne(file, 'SELECT sum(payload) FROM dbstat;'));
}

/** Bytes per signature: the file's growth over `n` seeded ones, applied to `realPayload`. */
function footprint(template: string, n: number, realPayload: number): Footprint {
  const file = sqliteFile(freshCopy(template));
  const [bytesBefore, payloadBefore] = [dbBytes(file), payloadBytes(file)];
  seedConfirmed(file, campaignId(file, SLUG), n);
  const [bytesAfter, payloadAfter] = [dbBytes(file), payloadBytes(file)];
  const seededPayloadPerSignature = Math.round((payloadAfter - payloadBefore) / n);
  const perByte = (bytesAfter - bytesBefore) / (payloadAfter - payloadBefore);
  return { signatures: n, bytesBefore, bytesAfter, seededPayloadPerSignature, realPayload, bytesPerSignature: Math.round(realPayload * perByte) };
}

/** Runs the visits on a fresh database, and the footprint at the large size. */
export async function plansPhase(template: string, cfg: BenchConfig, fake: FakeResend, log: (s: string) => void): Promise<PlansPhase> {
  fake.reset(FAKE_KEY);
  const dir = freshCopy(template);
  const payloadBefore = payloadBytes(sqliteFile(dir));
  const app = await startApp({ persistDir: dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars: fakeVars(fake) });
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
  // The one signature made in the browser, with all its mail sent.
  const size = footprint(template, cfg.sizes[1]!, payloadBytes(sqliteFile(dir)) - payloadBefore);
  log(`footprint: ${JSON.stringify(size)}`);
  return { visits, footprint: size };
}
