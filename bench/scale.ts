/**
 * `npm run bench:scale [-- --sizes 1000,100000,1000000]`: the scale phase (issue 25). For
 * each size a fresh copy of the migrated database is seeded (bench/scale-seed.ts), the app
 * started on it, and every request of bench/scale-requests.ts measured once; then the
 * summaries' recount (there must be no drift) and the bytes per signature. Results go to
 * bench/scale-results.json and the "At scale" section of BENCHMARKS.md.
 */
import { statSync, writeFileSync } from 'node:fs';
import { freshCopy, makeTemplate, sqliteFile, startApp, stopAll } from './app';
import { SLUG } from './client';
import { PORTS } from './config';
import { writeScaleSection } from './scale-report';
import { type Credentials, newCredentials, type ScaleCost, type ScaleIds, scaleRequests } from './scale-requests';
import { buildSeededLedger } from './scale-ledger';
import { seedScale } from './scale-seed';
import { campaignId, queryOne, seedPending } from './sqlite';

const arg = process.argv.indexOf('--sizes');
const sizes = (arg > 0 ? process.argv[arg + 1] ?? '' : '1000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const started = Date.now();
const log = (s: string) => console.log(`[scale +${((Date.now() - started) / 1000).toFixed(0)}s] ${s}`);

/** One size's figures. */
export type ScaleRun = { signatures: number; seedSeconds: number; bytes: number; drift: number; costs: Record<string, ScaleCost> };

function storeCredentials(file: string, c: Credentials, campaign: number): void {
  const now = Date.now();
  queryOne(file, `INSERT INTO sessions (id_hash, email, created_at, expires_at) VALUES ('${c.sessionHash}', 'organiser@example.org', ${now}, ${now + 86_400_000});
    INSERT INTO api_tokens (campaign_id, token_hash, label, created_at) VALUES (${campaign}, '${c.tokenHash}', 'bench', ${now}); SELECT 1;`);
}

async function runSize(template: string, n: number): Promise<ScaleRun> {
  const dir = freshCopy(template);
  const file = sqliteFile(dir);
  const campaign = campaignId(file, SLUG);
  const seedSeconds = seedScale(file, campaign, n);
  log(`seeded ${n} signatures in ${seedSeconds} s`);
  log(`ledger trees built over ${await buildSeededLedger(file, campaign)} leaves`);
  const creds = newCredentials();
  storeCredentials(file, creds, campaign);
  const ids: ScaleIds = {
    message: Number(queryOne(file, `SELECT max(id) FROM signatures WHERE campaign_id = ${campaign} AND public = 1 AND status = 'confirmed';`)),
    receipt: queryOne(file, `SELECT receipt_id FROM ledger_leaves WHERE campaign_id = ${campaign} ORDER BY day DESC, receipt_id LIMIT 1;`),
    tokens: seedPending(file, campaign, 2, 'scale'),
    queued: Number(queryOne(file, `SELECT max(signature_id) FROM outbox WHERE campaign_id = ${campaign} AND status = 'pending' AND kind = 'forward';`)),
    notMe: seedPending(file, campaign, 1, 'notme')[0]!,
  };
  // Some mail given up, for "retry dead messages": a hundred of the sent forwards to the campaign inbox.
  queryOne(file, `UPDATE outbox SET status = 'dead', last_error = 'bench: refused' WHERE idempotency_key IN (
    SELECT idempotency_key FROM outbox WHERE campaign_id = ${campaign} AND kind = 'forward' AND status = 'sent' AND receipt_target = '@campaign' LIMIT 100); SELECT changes();`);
  const bytes = statSync(file).size;
  const app = await startApp({ persistDir: dir, port: PORTS.app, inspectorPort: PORTS.inspector });
  const costs: Record<string, ScaleCost> = {};
  try {
    const direct = await app.direct();
    for (const warm of ['/health', `/c/${SLUG}?lang=kk`, `/api/campaigns/${SLUG}/count`]) await (await fetch(direct.url + warm)).arrayBuffer();
    for (const [name, request] of scaleRequests(creds, ids)) {
      try {
        costs[name] = await request(direct);
        log(`${n}: ${name} ${JSON.stringify(costs[name])}`);
      } catch (err) {
        // A request that fails (a 500, a dropped socket) is reported as such; the rest still run.
        log(`${n}: ${name} FAILED: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } finally {
    await app.stop();
  }
  const drift = Number(queryOne(file, RECOUNT)) + Number(queryOne(file, DELIVERY_RECOUNT));
  if (drift > 0) log(`drift:\n${queryOne(file, `${RECOUNT.slice(0, RECOUNT.lastIndexOf('SELECT (SELECT'))} SELECT group_concat(x, ' | ') FROM (SELECT 'expected ' || campaign_id || ' ' || dim || ' ' || key || ' ' || signed || ' ' || confirmed AS x FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept) UNION ALL SELECT 'kept ' || campaign_id || ' ' || dim || ' ' || key || ' ' || signed || ' ' || confirmed FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected));`)}`);
  if (drift > 0) log(`mail summaries that drift: ${queryOne(file, DELIVERY_RECOUNT)}`);
  log(`${n}: ${drift} summaries drift from a recount; ${(bytes / n).toFixed(0)} bytes a signature`);
  return { signatures: n, seedSeconds, bytes, drift, costs };
}

// The recount of db/tally-recount.ts (after the cron and the requests above), as a count of differing rows.
const RECOUNT = `WITH expected AS (
  SELECT f.campaign_id, f.dim, f.key,
    sum(f.arrived * (f.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0))) AS signed,
    sum(f.counted * coalesce(f.confirmed_at <= coalesce(t.confirmed_at, -1), 0)) AS confirmed
  FROM signature_facts f LEFT JOIN tally_cursors t ON t.campaign_id = f.campaign_id GROUP BY 1, 2, 3 HAVING signed <> 0 OR confirmed <> 0),
  kept AS (SELECT campaign_id, dim, key, signed, confirmed FROM signature_tallies WHERE signed <> 0 OR confirmed <> 0)
SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept)) + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected));`;

// The mail summaries' recount of db/tally-recount.ts (recountDeliveryTallies), as a count of differing rows.
const TALLY_KEY = `coalesce(o.throttle_key, iif(o.kind = 'update',
  'update:' || substr(o.idempotency_key, instr(o.idempotency_key, ':u') + 2, instr(o.idempotency_key, ':s') - instr(o.idempotency_key, ':u') - 2), 'kind:' || o.kind))`;
const DELIVERY_RECOUNT = `WITH counted AS (
  SELECT o.campaign_id, ${TALLY_KEY} AS key, sum(o.status = 'sent') AS sent, sum(o.status = 'dead') AS dead,
    sum(coalesce(o.delivery IN ('delivered', 'complained'), 0)) AS delivered, sum(coalesce(o.delivery = 'delayed', 0)) AS delayed,
    sum(coalesce(o.delivery = 'bounced', 0)) AS bounced, sum(coalesce(o.delivery = 'complained', 0)) AS complained,
    sum(o.status = 'pending' AND o.last_error IS NOT NULL) AS retrying, sum(o.status = 'pending' AND o.kind = 'update' AND o.throttle_key IS NULL) AS waiting
  FROM outbox o WHERE o.campaign_id IS NOT NULL AND substr(o.idempotency_key, 1, 1) = 'c' GROUP BY 1, 2),
  kept AS (SELECT campaign_id, key, sent, dead, delivered, delayed, bounced, complained, retrying, waiting FROM delivery_tallies)
SELECT (SELECT count(*) FROM (SELECT * FROM counted WHERE sent OR dead OR delivered OR delayed OR bounced OR complained OR retrying OR waiting EXCEPT SELECT * FROM kept WHERE sent OR dead OR delivered OR delayed OR bounced OR complained OR retrying OR waiting))
  + (SELECT count(*) FROM (SELECT * FROM kept WHERE sent OR dead OR delivered OR delayed OR bounced OR complained OR retrying OR waiting EXCEPT SELECT * FROM counted WHERE sent OR dead OR delivered OR delayed OR bounced OR complained OR retrying OR waiting));`;

try {
  log(`sizes ${sizes.join(', ')}; preparing a migrated database with the demo campaign`);
  const template = makeTemplate();
  const runs: ScaleRun[] = [];
  for (const n of sizes) runs.push(await runSize(template, n));
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync('bench/scale-results.json', JSON.stringify({ date: new Date().toISOString(), seconds, runs }, null, 2) + '\n');
  writeScaleSection(runs, seconds);
  log(`done in ${seconds} s: bench/scale-results.json and BENCHMARKS.md`);
  stopAll();
} catch (err) {
  console.error(err);
  stopAll();
  process.exit(1);
}
