/** The cost phases: D1 figures per operation (DEBUG_METRICS on), end to end per signature, D1's own time. */
import { readFileSync } from 'node:fs';
import { type App, sqliteFile, startApp } from './app';
import { PATHS } from './load';
import { type BenchConfig, PORTS } from './config';
import { type Costs, measureCosts } from './cost';
import { FAKE_KEY, fakeVars } from './drain';
import { type D1Time, d1TimePerSignature, endToEnd, type EndToEnd } from './e2e';
import { type ExportCost, exportPageCosts } from './export-cost';
import { TARGET } from './client';
import { type Load, loadGet } from './load';
import { interleaved } from './rounds';
import { type Db, seeded } from './seed';
import { maxSignatureId, seedPending } from './sqlite';
import type { D1Cost } from './cost';
import type { FakeResend } from '../test/fake-resend/server';

export type CostResult = { signatures: number; costs: Costs; exportPages: ExportCost };

/** With the app stopped: what the export's first and last pages read in this database. */
async function exportCosts(db: Db, log: (s: string) => void): Promise<ExportCost> {
  const cost = await exportPageCosts(db.dir, db.campaign, maxSignatureId(db.file));
  sqliteFile(db.dir); // still the one database: the platform proxy opened the same file
  log(`export pages: ${JSON.stringify(cost)}`);
  return cost;
}

/** Copies of each confirmation the campaign's own inbox gets, from the demo campaign's file. */
function campaignForwards(): number {
  const file: unknown = JSON.parse(readFileSync('campaigns/zhanaozen-solidarity.json', 'utf8'));
  const mail: unknown = typeof file === 'object' && file !== null ? Reflect.get(file, 'mail') : null;
  const forward: unknown = typeof mail === 'object' && mail !== null ? Reflect.get(mail, 'forward') : undefined;
  return forward === 'none' || forward === 'digest' ? 0 : 1;
}

export type SmallCostPhase = CostResult & { e2e: { idleCron: D1Cost; runs: EndToEnd[] }; d1Time: D1Time };

/** At the small size: the end-to-end path first (on a fresh isolate), then each operation, then D1's time per signature. */
export async function smallCostPhase(template: string, cfg: BenchConfig, fake: FakeResend, log: (s: string) => void): Promise<SmallCostPhase> {
  const db = seeded(template, cfg.sizes[0]);
  const tokens = seedPending(db.file, db.campaign, cfg.d1Samples + 8, 'cost');
  fake.reset(FAKE_KEY);
  const app = await startApp({ persistDir: db.dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars: fakeVars(fake) });
  try {
    const direct = await app.direct();
    const e2e = await endToEnd(direct, fake, FAKE_KEY, TARGET, campaignForwards());
    log(`end to end: ${JSON.stringify(e2e.runs.map((r) => ({ target: r.target, written: r.total.rowsWritten })))}`);
    const costs = await measureCosts(direct, tokens);
    log(`costs at ${cfg.sizes[0]}: ${JSON.stringify(costs)}`);
    const d1Time = await d1TimePerSignature(direct, tokens, cfg.d1Samples);
    log(`D1 time per signature: ${JSON.stringify(d1Time)}`);
    await app.stop();
    return { signatures: cfg.sizes[0], costs, exportPages: await exportCosts(db, log), e2e, d1Time };
  } finally {
    await app.stop();
  }
}

export type LargeCostPhase = CostResult & { health: Load; countLang: Load };

/** At the large size: each operation's cost, and the count's speed there beside /health's. */
export async function largeCostPhase(template: string, cfg: BenchConfig, log: (s: string) => void): Promise<LargeCostPhase> {
  const db = seeded(template, cfg.sizes[1]);
  const tokens = seedPending(db.file, db.campaign, 8, 'cost');
  const app: App = await startApp({ persistDir: db.dir, port: PORTS.app, inspectorPort: PORTS.inspector });
  try {
    const direct = await app.direct();
    const costs = await measureCosts(direct, tokens);
    log(`costs at ${cfg.sizes[1]}: ${JSON.stringify(costs)}`);
    const o = { seconds: cfg.largeLoadSeconds, connections: cfg.load.connections };
    const loads = await interleaved([
      { name: 'health', run: async (h) => ({ health: await loadGet(direct, PATHS.health, h) }) },
      { name: 'countLang', run: async (h) => ({ countLang: await loadGet(direct, PATHS.countLang, h) }) },
    ], o, log);
    await app.stop();
    return { signatures: cfg.sizes[1], costs, exportPages: await exportCosts(db, log), health: loads.health!, countLang: loads.countLang! };
  } finally {
    await app.stop();
  }
}
