/** The bench's phases; each starts the app on a fresh copy of the database and stops it. */
import { freshCopy, sqliteFile, startApp } from './app';
import { SLUG } from './client';
import type { BenchConfig } from './config';
import { PORTS } from './config';
import { type Costs, measureCosts } from './cost';
import { apiExport, type ApiExport, makeApiToken, sqliteExportSql } from './export';
import { type ExportCost, exportPageCosts } from './export-cost';
import { type Load, loadConfirm, loadGet, loadSign, loadSignAndConfirm, PATHS } from './load';
import { campaignId, maxSignatureId, seedConfirmed, seedPending, sqliteCsv } from './sqlite';

export type Skipped = { skipped: string };

const appAt = (persistDir: string) => startApp({ persistDir, port: PORTS.app, inspectorPort: PORTS.inspector });

function seeded(template: string, signatures: number): { dir: string; file: string; campaign: number } {
  const dir = freshCopy(template);
  const file = sqliteFile(dir);
  const campaign = campaignId(file, SLUG);
  seedConfirmed(file, campaign, signatures);
  return { dir, file, campaign };
}

export type CostResult = { signatures: number; costs: Costs; exportPages: ExportCost };

/** With the app stopped: what the export's first and last pages read in this database. */
async function exportCosts(db: { dir: string; file: string; campaign: number }, log: (s: string) => void): Promise<ExportCost> {
  const cost = await exportPageCosts(db.dir, db.campaign, maxSignatureId(db.file));
  sqliteFile(db.dir); // still the one database: the platform proxy opened the same file
  log(`export pages: ${JSON.stringify(cost)}`);
  return cost;
}

export type CostPhase = { cost: CostResult; countLoad: Load; baseline: Load };

/** Rows read and written per operation with the large number of signatures stored, and the count's speed there. */
export async function costPhase(template: string, cfg: BenchConfig, log: (s: string) => void): Promise<CostPhase> {
  const signatures = cfg.sizes[1];
  const db = seeded(template, signatures);
  const tokens = seedPending(db.file, db.campaign, 4, 'cost');
  const app = await appAt(db.dir);
  try {
    const costs = await measureCosts(app, tokens);
    log(`costs at ${signatures}: ${JSON.stringify(costs)}`);
    const o = { seconds: cfg.largeLoadSeconds, connections: cfg.load.connections };
    const direct = await app.direct();
    const baseline = await loadGet(direct, PATHS.health, o);
    const countLoad = await loadGet(direct, PATHS.count, o);
    log(`at ${signatures}: baseline ${baseline.rps}/s, count ${countLoad.rps}/s`);
    await app.stop();
    return { cost: { signatures, costs, exportPages: await exportCosts(db, log) }, countLoad, baseline };
  } finally {
    await app.stop();
  }
}

export type Throughput = {
  baseline: Load;
  count: Load;
  page: Load;
  sign: Load;
  confirm: Load;
  signAndConfirm: { sign: Load; confirm: Load; pairsPerSecond: number };
  baselineAfter: Load;
  /** The same app through wrangler dev's own port, as `npm start` serves it (its proxy worker in front). */
  viaWrangler: { baseline: Load; count: Load };
};

/**
 * With the small number of signatures stored: the cost of each operation, then requests
 * per second and latency for each route against the baseline measured in the same process.
 */
export async function throughputPhase(template: string, cfg: BenchConfig, vars: Record<string, string>, log: (s: string) => void): Promise<{ small: CostPhase; throughput: Throughput }> {
  const db = seeded(template, cfg.sizes[0]);
  const tokensA = seedPending(db.file, db.campaign, cfg.confirmTokens, 'loada');
  const tokensB = seedPending(db.file, db.campaign, cfg.confirmTokens, 'loadb');
  const costTokens = seedPending(db.file, db.campaign, 4, 'cost');
  const app = await startApp({ persistDir: db.dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars });
  const o = cfg.load;
  try {
    const costs = await measureCosts(app, costTokens);
    log(`costs at ${cfg.sizes[0]}: ${JSON.stringify(costs)}`);
    const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
      const r = await f();
      log(`${name}: ${JSON.stringify(r)}`);
      return r;
    };
    const direct = await app.direct();
    log(`load goes to the app's workerd at ${direct.url}, past wrangler's proxy worker at ${app.url}`);
    const throughput: Throughput = {
      baseline: await step('baseline /health', () => loadGet(direct, PATHS.health, o)),
      count: await step('count', () => loadGet(direct, PATHS.count, o)),
      page: await step('campaign page', () => loadGet(direct, PATHS.page, o)),
      sign: await step('sign', () => loadSign(direct, o)),
      confirm: await step('confirm', () => loadConfirm(direct, tokensA, o)),
      signAndConfirm: await step('sign + confirm together', () => loadSignAndConfirm(direct, tokensB, o)),
      baselineAfter: await step('baseline /health again', () => loadGet(direct, PATHS.health, o)),
      viaWrangler: {
        baseline: await step('baseline /health through wrangler dev', () => loadGet(app, PATHS.health, o)),
        count: await step('count through wrangler dev', () => loadGet(app, PATHS.count, o)),
      },
    };
    await app.stop();
    const small = { cost: { signatures: cfg.sizes[0], costs, exportPages: await exportCosts(db, log) }, countLoad: throughput.count, baseline: throughput.baseline };
    return { small, throughput };
  } finally {
    await app.stop();
  }
}

export type ExportRun = ApiExport & { sqlite: { bytes: number; seconds: number; rowsPerSecond: number }; ratio: number };
export type ExportResult = { runs: ExportRun[]; growthMB: number | null } | Skipped;

async function exportOnce(template: string, rows: number, log: (s: string) => void): Promise<ExportRun> {
  const db = seeded(template, rows);
  const token = makeApiToken(db.dir);
  const app = await appAt(db.dir);
  let api: ApiExport;
  try {
    api = await apiExport(app, token);
  } finally {
    await app.stop();
  }
  if (api.rows !== rows) throw new Error(`export gave ${api.rows} rows, expected ${rows}`);
  const lite = await sqliteCsv(db.file, sqliteExportSql(db.campaign));
  const sqlite = { ...lite, rowsPerSecond: Math.round(rows / lite.seconds) };
  const run = { ...api, sqlite, ratio: Math.round((api.rowsPerSecond / sqlite.rowsPerSecond) * 1000) / 1000 };
  log(`export ${rows}: ${JSON.stringify(run)}`);
  return run;
}

/** The export at two sizes, each in a fresh workerd, beside sqlite3's. */
export async function exportPhase(template: string, cfg: BenchConfig, log: (s: string) => void): Promise<ExportResult> {
  const runs: ExportRun[] = [];
  for (const rows of cfg.exportSizes) runs.push(await exportOnce(template, rows, log));
  const first = runs[0];
  const last = runs.at(-1);
  const growthMB = first && last && runs.length > 1 ? Math.round((last.peakAfterMB - first.peakAfterMB) * 10) / 10 : null;
  return { runs, growthMB };
}
