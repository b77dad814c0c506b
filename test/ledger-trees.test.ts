import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Campaign, getCampaign } from '../src/db/campaigns';
import { buildLedgers, BUILD_STEP, LEDGER_SHARE, sealLedgers } from '../src/flows/ledger';
import { publicLedger, receiptProof } from '../src/flows/ledger-public';
import { Budget, budgetedDb } from '../src/lib/budget';
import { chainDays } from '../src/lib/ledger-hash';
import { rootFromProof } from '../src/lib/merkle';
import { emptyTotals, instrumentD1 } from '../src/middleware/metrics';
import { createCampaign } from './helpers';

const DAY = 86_400_000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * `n` leaves on `day`, straight into D1 (the leaf a hash-shaped number, its receipt id from
 * it); `withSeq`: their places written as the app writes them, else left to the trigger.
 */
async function seedLeaves(campaign: Campaign, day: string, n: number, from = 0, withSeq = true): Promise<void> {
  const salt = `${campaign.id}${day.replace(/-/g, '')}`;
  await env.DB.prepare(
    `WITH RECURSIVE x(i) AS (SELECT ?3 UNION ALL SELECT i + 1 FROM x WHERE i + 1 < ?3 + ?4)
     INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, created_at, seq)
     SELECT printf('%032x', ?5 * 1000000 + i), ?1, ?2, iif(i % 3 = 0, '@campaign', 't' || (i % 2)), printf('%064x', i),
       lower(hex(randomblob(32))), 0, iif(?6, i, NULL) FROM x`,
  ).bind(campaign.id, day, from, n, Number(salt.slice(-9)), withSeq ? 1 : 0).run();
}

async function campaignNamed(): Promise<Campaign> {
  return (await getCampaign(env.DB, (await createCampaign()).slug))!;
}

/** Builds every tree that is behind, as many minute cron runs would. */
async function buildAll(now: number): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await buildLedgers(env.DB, now, new Budget(Number.POSITIVE_INFINITY))) === 0) return;
  throw new Error('the trees never caught up');
}

async function leavesOf(campaign: Campaign, day: string): Promise<{ receipt_id: string; leaf: string }[]> {
  const { results } = await env.DB.prepare('SELECT receipt_id, leaf FROM ledger_leaves WHERE campaign_id = ?1 AND day = ?2 ORDER BY seq').bind(campaign.id, day).all<{ receipt_id: string; leaf: string }>();
  return results;
}

async function measured<T>(run: (db: D1Database) => Promise<T>): Promise<{ value: T; rowsRead: number }> {
  const totals = emptyTotals();
  const value = await run(instrumentD1(env.DB, totals));
  return { value, rowsRead: totals.rowsRead };
}

describe('the ledger’s stored trees', () => {
  it('reads as many rows for the ledger and a proof on a day of 2,000 leaves as on one of 50, and its roots and proofs are the full rebuild’s', async () => {
    const now = Date.now();
    const today = dayOf(now);
    const small = await campaignNamed();
    const large = await campaignNamed();
    await seedLeaves(small, today, 50);
    await seedLeaves(large, today, 2000);
    await buildAll(now);
    const cost = async (c: Campaign) => {
      const ledger = await measured((db) => publicLedger(db, c, now + 60_000));
      const leaves = await leavesOf(c, today);
      const proof = await measured((db) => receiptProof(db, c, leaves[Math.floor(leaves.length / 2)]!.receipt_id, now + 60_000));
      const [rebuilt] = await chainDays(c.slug, [{ day: today, leaves: leaves.map((l) => l.leaf) }]);
      expect(ledger.value.days).toEqual([{ day: today, delivered: leaves.length, merkleRoot: rebuilt?.merkleRoot, previousRoot: '0'.repeat(64), root: rebuilt?.root, sealed: false }]);
      if (!proof.value.included) throw new Error('not included');
      expect(proof.value).toMatchObject({ size: leaves.length, index: Math.floor(leaves.length / 2), root: rebuilt?.root });
      expect(await rootFromProof(proof.value.leaf, proof.value.proof)).toBe(rebuilt?.merkleRoot);
      console.log('rows read at', leaves.length, 'leaves:', { ledger: ledger.rowsRead, proof: proof.rowsRead });
      return { ledger: ledger.rowsRead, proof: proof.rowsRead };
    };
    const a = await cost(small);
    const b = await cost(large);
    // The ledger reads the same rows; a proof a node (and its list entry) more a level, and
    // the few of the last partial subtree (log2 2,000 − log2 50 ≈ 5.3): never the day's leaves.
    expect(b.ledger).toBeLessThanOrEqual(a.ledger + 2);
    expect(b.proof - a.proof).toBeLessThanOrEqual(24);
    expect(b.proof).toBeLessThan(3 * Math.log2(2000) + 20);
  });

  it('builds a day a bounded step per read, at most every few seconds, and shows the root of what it built', async () => {
    const now = Date.now();
    const today = dayOf(now);
    const c = await campaignNamed();
    await seedLeaves(c, today, 1000);
    const first = await measured((db) => publicLedger(db, c, now));
    expect(first.value.days[0]?.delivered).toBeLessThanOrEqual(BUILD_STEP);
    // The step's leaves, and about as many for the nodes it stores (each insert's own probe).
    expect(first.rowsRead).toBeLessThan(3 * BUILD_STEP + 100);
    // Within a few seconds another read builds nothing: it shows the stored state.
    const again = await measured((db) => publicLedger(db, c, now + 1000));
    expect(again.value.days).toEqual(first.value.days);
    // (The campaign's targets, the demo's many embassies, are most of it.)
    expect(again.rowsRead).toBeLessThan(100);
    const [partial] = await chainDays(c.slug, [{ day: today, leaves: (await leavesOf(c, today)).slice(0, first.value.days[0]!.delivered).map((l) => l.leaf) }]);
    expect(first.value.days[0]?.root).toBe(partial?.root);
    // A receipt past what is built is not included yet; once built, it is.
    const last = (await leavesOf(c, today)).at(-1)!;
    expect(await receiptProof(env.DB, c, last.receipt_id, now + 1000)).toEqual({ receipt: last.receipt_id, included: false });
    await buildAll(now);
    const proof = await receiptProof(env.DB, c, last.receipt_id, now + 10_000);
    expect(proof).toMatchObject({ included: true, index: 999, size: 1000 });
  });

  it('seals a day once its grace is over and its tree is whole, and chains the next day to it', async () => {
    const c = await campaignNamed();
    const day = '2021-03-04';
    const next = '2021-03-05';
    const midnight = Date.parse(`${next}T00:00:00Z`);
    await seedLeaves(c, day, 300, 0, false); // places from the trigger, as a hand-made leaf gets them
    await seedLeaves(c, next, 5, 0, false);
    await buildAll(midnight + 5 * 60_000);
    const early = await publicLedger(env.DB, c, midnight + 5 * 60_000);
    expect(early.days.map((d) => [d.day, d.delivered, d.sealed])).toEqual([[day, 300, false], [next, 5, false]]);
    // A leaf recorded in the grace still joins the day.
    await seedLeaves(c, day, 1, 300, false);
    await buildAll(midnight + 9 * 60_000);
    const sealedAt = midnight + 11 * 60_000;
    await buildAll(sealedAt);
    const { results } = await env.DB.prepare('SELECT day, leaves, root FROM ledger_days WHERE campaign_id = ?1').bind(c.id).all<{ day: string; leaves: number; root: string }>();
    const rebuilt = await chainDays(c.slug, [{ day, leaves: (await leavesOf(c, day)).map((l) => l.leaf) }, { day: next, leaves: (await leavesOf(c, next)).map((l) => l.leaf) }]);
    expect(results).toEqual([{ day, leaves: 301, root: rebuilt[0]?.root }]);
    const later = await publicLedger(env.DB, c, sealedAt + 60_000);
    expect(later.days.map((d) => [d.day, d.sealed, d.previousRoot, d.root])).toEqual([[day, true, '0'.repeat(64), rebuilt[0]?.root], [next, false, rebuilt[0]?.root, rebuilt[1]?.root]]);
  });

  it('carries a large backlog over the cron runs within each run’s budget, and the daily cron seals what is whole', async () => {
    const c = await campaignNamed();
    const day = '2021-05-06';
    const now = Date.parse('2021-05-08T03:17:00Z');
    await seedLeaves(c, day, 1500);
    const runs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const budget = new Budget(LEDGER_SHARE);
      const totals = emptyTotals();
      const steps = await buildLedgers(budgetedDb(instrumentD1(env.DB, totals), budget), now, budget);
      expect(budget.spent).toBeLessThanOrEqual(LEDGER_SHARE);
      // A step: its leaves, about as many for the nodes it stores, a few probes.
      expect(totals.rowsRead).toBeLessThan(3 * BUILD_STEP + 100);
      runs.push(steps);
      if (steps === 0) break;
    }
    expect(runs.length).toBeGreaterThan(3);
    const sealed = await env.DB.prepare('SELECT leaves, merkle_root FROM ledger_days WHERE campaign_id = ?1 AND day = ?2').bind(c.id, day).first();
    const [rebuilt] = await chainDays(c.slug, [{ day, leaves: (await leavesOf(c, day)).map((l) => l.leaf) }]);
    expect(sealed).toEqual({ leaves: 1500, merkle_root: rebuilt?.merkleRoot });
    // Idle: a few index probes a campaign, whatever the size of the ledger.
    const campaigns = (await env.DB.prepare('SELECT count(*) AS n FROM campaigns').first<number>('n'))!;
    const idle = await measured((db) => buildLedgers(db, now + 60_000, new Budget(50)));
    expect(idle.value).toBe(0);
    expect(idle.rowsRead).toBeLessThanOrEqual(8 * campaigns + 2);
    // The daily cron, with its budget, finds nothing more to seal here.
    expect(await sealLedgers(env.DB, now, new Budget(25))).toBeGreaterThanOrEqual(0);
  });

  it('builds the nodes of a day sealed before they were stored, and its proofs stay the same', async () => {
    const c = await campaignNamed();
    const day = '2021-01-02';
    await seedLeaves(c, day, 40);
    const leaves = await leavesOf(c, day);
    const [rebuilt] = await chainDays(c.slug, [{ day, leaves: leaves.map((l) => l.leaf) }]);
    // As migration 0031 leaves a day it finds sealed: a tree of size 0 to backfill.
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO ledger_days (campaign_id, day, leaves, counts, merkle_root, prev_root, root, sealed_at) VALUES (?1, ?2, 40, '{}', ?3, ?4, ?5, 0)`).bind(c.id, day, rebuilt!.merkleRoot, rebuilt!.previousRoot, rebuilt!.root),
      env.DB.prepare(`INSERT INTO ledger_trees (campaign_id, day, size, counts, merkle_root, backfill, updated_at) VALUES (?1, ?2, 0, '{}', NULL, 1, 0)`).bind(c.id, day),
    ]);
    const before = await receiptProof(env.DB, c, leaves[17]!.receipt_id, Date.now());
    for (let i = 0; i < 20; i++) await buildLedgers(env.DB, Date.now(), new Budget(Number.POSITIVE_INFINITY));
    expect(await env.DB.prepare('SELECT size, backfill, merkle_root FROM ledger_trees WHERE campaign_id = ?1 AND day = ?2').bind(c.id, day).first()).toEqual({ size: 40, backfill: 0, merkle_root: rebuilt!.merkleRoot });
    const after = await measured((db) => receiptProof(db, c, leaves[17]!.receipt_id, Date.now()));
    expect(after.value).toEqual(before);
    if (!after.value.included) throw new Error('not included');
    expect(await rootFromProof(after.value.leaf, after.value.proof)).toBe(rebuilt!.merkleRoot);
    expect(after.rowsRead).toBeLessThan(20);
  });
});
