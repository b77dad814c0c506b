/**
 * The surge phase: find the concurrency at which /health saturates, run the mix there,
 * then stop the app and check in the database that nothing was lost or counted twice.
 */
import { startApp } from './app';
import { type BenchConfig, PORTS } from './config';
import { loadGet, PATHS } from './load';
import { seeded } from './seed';
import { countRows, queryOne, seedPending } from './sqlite';
import { surge, type SurgeRun } from './surge';

export type Check = { what: string; pass: boolean; detail: string };
export type SurgePhase = { probe: { connections: number; rps: number }[]; run: SurgeRun; checks: Check[] };

/**
 * The most connections at which /health still gets within 10% of the best rate tried: the
 * far end of its plateau, as much load as the harness takes before its rate falls.
 */
function saturation(probe: { connections: number; rps: number }[]): number {
  const best = Math.max(...probe.map((p) => p.rps));
  return probe.filter((p) => p.rps >= 0.9 * best).at(-1)?.connections ?? 10;
}

/** What the database says after the surge, against what the clients were told. */
function verify(file: string, campaign: number, run: SurgeRun, confirmedBefore: number): Check[] {
  const accepted = run.accepted;
  const stored = accepted.length === 0 ? 0 : Number(queryOne(file, `
    CREATE TEMP TABLE accepted (email TEXT PRIMARY KEY);
    ${chunks(accepted, 500).map((c) => `INSERT INTO accepted (email) VALUES ${c.map((e) => `('${e.replace(/'/g, "''")}')`).join(', ')};`).join('\n')}
    SELECT count(*) FROM accepted a JOIN signatures s ON s.campaign_id = ${campaign} AND s.email = a.email;`));
  const countRow = Number(queryOne(file, `SELECT confirmed FROM campaign_counts WHERE campaign_id = ${campaign};`));
  const confirmedRows = countRows(file, 'signatures', `campaign_id = ${campaign} AND status = 'confirmed'`);
  const statuses = Object.values(run.kinds).flatMap((k) => Object.entries(k.statuses));
  const fiveXX = statuses.filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
  const unanswered = Object.values(run.kinds).reduce((n, k) => n + k.sent - k.answered, 0);
  const unansweredWrites = run.kinds.sign.sent - run.kinds.sign.answered + run.kinds.confirm.sent - run.kinds.confirm.answered;
  return [
    { what: 'no 5xx', pass: fiveXX === 0, detail: `${fiveXX} answers ≥ 500 of ${statuses.reduce((n, [, c]) => n + c, 0)}` },
    { what: 'no socket errors or timeouts', pass: run.errors === 0 && run.timeouts === 0, detail: `${run.errors} errors${run.errors ? ` (${Object.entries(run.errorKinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}, ${run.timeouts} timeouts, ${unanswered} requests unanswered at the end (${unansweredWrites} of them writes)` },
    { what: 'every 202 is a stored signature', pass: stored === accepted.length, detail: `${stored} of ${accepted.length} accepted addresses found in signatures` },
    { what: 'the count row equals the confirmed rows', pass: countRow === confirmedRows, detail: `campaign_counts.confirmed ${countRow}, confirmed rows ${confirmedRows}` },
    {
      what: 'confirmed rows = before + confirmations answered 303',
      pass: confirmedRows === confirmedBefore + run.confirmed && unansweredWrites === 0,
      detail: `${confirmedRows} = ${confirmedBefore} + ${run.confirmed}${unansweredWrites ? ` (and ${unansweredWrites} writes unanswered)` : ''}`,
    },
  ];
}

function chunks<T>(xs: T[], n: number): T[][] {
  return Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
}

export async function surgePhase(template: string, cfg: BenchConfig, vars: Record<string, string>, log: (s: string) => void): Promise<SurgePhase> {
  const db = seeded(template, cfg.sizes[0]);
  const tokens = seedPending(db.file, db.campaign, cfg.confirmTokens, 'surge');
  const confirmedBefore = countRows(db.file, 'signatures', `campaign_id = ${db.campaign} AND status = 'confirmed'`);
  const app = await startApp({ persistDir: db.dir, port: PORTS.app, inspectorPort: PORTS.inspector, vars, metrics: false });
  let run: SurgeRun;
  const probe: { connections: number; rps: number }[] = [];
  try {
    const direct = await app.direct();
    for (const connections of cfg.surge.probe) probe.push({ connections, rps: (await loadGet(direct, PATHS.health, { seconds: cfg.surge.probeSeconds, connections })).rps });
    const connections = saturation(probe);
    log(`/health by connections: ${probe.map((p) => `${p.connections}: ${p.rps}/s`).join(', ')}; the surge runs at ${connections}`);
    // Writes stop long enough before the end for the slowest answer seen at this load (about 5 s at 64 connections).
    run = await surge(direct, tokens, cfg.surge.seconds, connections, Math.min(10, cfg.surge.seconds / 4));
    log(`surge: ${JSON.stringify({ ...run, accepted: run.accepted.length })}`);
    // What the app's wrangler dev said, when sockets failed (a restarted isolate drops what it had in hand).
    if (run.errors > 0) log(`wrangler dev's last lines:\n${app.logTail()}`);
  } finally {
    await app.stop();
  }
  const checks = verify(db.file, db.campaign, run, confirmedBefore);
  for (const c of checks) log(`${c.pass ? 'PASS' : 'FAIL'} ${c.what}: ${c.detail}`);
  return { probe, run, checks };
}
