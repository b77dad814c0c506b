import * as v from 'valibot';
import type { LedgerDay } from '../lib/ledger-hash';
import { parseTargetNames } from './campaigns';
import type { Statement } from './statements';

/** A sealed day: its published root and its counts per ledger target. */
export type SealedDay = LedgerDay & { counts: Record<string, number> };

/** A leaf found by its receipt id, with its place in its day's tree. */
export type ReceiptLeaf = { receiptId: string; campaignId: number; day: string; seq: number; target: string; textSha256: string; leaf: string; createdAt: number };

/** The public ledger of a campaign: per target, delivered in all and per day; per day, the roots. */
export type PublicLedger = {
  campaign: string;
  generatedAt: string;
  /** `name` in the campaign's language, `names` in others (as the campaign file gives them). */
  targets: { key: string; name: string; names: Record<string, string>; country: string | null; delivered: number; days: Record<string, number> }[];
  days: { day: string; delivered: number; merkleRoot: string; previousRoot: string; root: string; sealed: boolean }[];
};

/** A campaign's target as the ledger names it (inactive ones too: their history stays). */
export type LedgerTarget = { key: string; name: string; names: Record<string, string>; country: string; active: boolean };

const Counts = v.record(v.string(), v.number());
const SealedRow = v.object({
  day: v.string(),
  leaves: v.number(),
  counts: v.string(),
  merkle_root: v.string(),
  prev_root: v.string(),
  root: v.string(),
});

type Sealed = v.InferOutput<typeof SealedRow>;
const toSealed = (r: Sealed): SealedDay => ({
  day: r.day,
  leaves: r.leaves,
  counts: v.parse(Counts, JSON.parse(r.counts)),
  merkleRoot: r.merkle_root,
  previousRoot: r.prev_root,
  root: r.root,
});

/** The sealed days of a campaign, oldest first. */
export async function listSealedDays(db: D1Database, campaignId: number): Promise<SealedDay[]> {
  const { results } = await db
    .prepare('SELECT day, leaves, counts, merkle_root, prev_root, root FROM ledger_days WHERE campaign_id = ?1 ORDER BY day')
    .bind(campaignId)
    .all();
  return v.parse(v.array(SealedRow), results).map(toSealed);
}

/** The campaign's last sealed day (`before`: the last one before that day), or null. */
export async function lastSealedDay(db: D1Database, campaignId: number, before = '9999-99-99'): Promise<SealedDay | null> {
  const row = await db
    .prepare('SELECT day, leaves, counts, merkle_root, prev_root, root FROM ledger_days WHERE campaign_id = ?1 AND day < ?2 ORDER BY day DESC LIMIT 1')
    .bind(campaignId, before)
    .first();
  return row ? toSealed(v.parse(SealedRow, row)) : null;
}

/** One sealed day, by its primary key. */
export async function getSealedDay(db: D1Database, campaignId: number, day: string): Promise<SealedDay | null> {
  const row = await db.prepare('SELECT day, leaves, counts, merkle_root, prev_root, root FROM ledger_days WHERE campaign_id = ?1 AND day = ?2').bind(campaignId, day).first();
  return row ? toSealed(v.parse(SealedRow, row)) : null;
}

/** A day's first `size` leaf hashes in the tree's order: only for a day sealed before its nodes were stored. */
export async function listDayLeaves(db: D1Database, campaignId: number, day: string, size: number): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT leaf FROM ledger_leaves WHERE campaign_id = ?1 AND day = ?2 AND seq < ?3 ORDER BY seq')
    .bind(campaignId, day, size)
    .all<{ leaf: string }>();
  return results.map((r) => r.leaf);
}

/** The leaf of a receipt in this campaign; null when that receipt was not (yet) counted. */
export async function getReceiptLeaf(db: D1Database, campaignId: number, receiptId: string): Promise<ReceiptLeaf | null> {
  return db
    .prepare(
      `SELECT receipt_id AS receiptId, campaign_id AS campaignId, day, seq, target, text_sha256 AS textSha256, leaf, created_at AS createdAt
       FROM ledger_leaves WHERE receipt_id = ?1 AND campaign_id = ?2`,
    )
    .bind(receiptId, campaignId)
    .first<ReceiptLeaf>();
}

/** Stores sealed days; a day already sealed (a concurrent sealer) stays as it was. */
export async function sealDays(db: D1Database, campaignId: number, days: SealedDay[], now: number): Promise<void> {
  if (days.length === 0) return;
  await db.batch(
    days.map((d) =>
      db
        .prepare(
          `INSERT INTO ledger_days (campaign_id, day, leaves, counts, merkle_root, prev_root, root, sealed_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (campaign_id, day) DO NOTHING`,
        )
        .bind(campaignId, d.day, d.leaves, JSON.stringify(d.counts), d.merkleRoot, d.previousRoot, d.root, now),
    ),
  );
}

/** Every target of the campaign, by country then name. */
export async function listLedgerTargets(db: D1Database, campaignId: number): Promise<LedgerTarget[]> {
  const { results } = await db
    .prepare('SELECT key, name, names, country, active FROM targets WHERE campaign_id = ?1 ORDER BY country, name')
    .bind(campaignId)
    .all<{ key: string; name: string; names: string; country: string; active: number }>();
  return results.map((r) => ({ ...r, names: parseTargetNames(r.names), active: r.active === 1 }));
}

/** For `verify-ledger` (through wrangler): every leaf of a campaign, in each day's tree order. */
export function ledgerLeavesStatement(slug: string): Statement {
  return {
    sql: `SELECT l.receipt_id AS receiptId, l.target, l.day, l.seq, l.text_sha256 AS textSha256, l.leaf
          FROM ledger_leaves l JOIN campaigns c ON c.id = l.campaign_id WHERE c.slug = ?1 ORDER BY l.day, l.seq`,
    params: [slug],
  };
}

/** For `verify-ledger`: every sealed day of a campaign. */
export function ledgerDaysStatement(slug: string): Statement {
  return {
    sql: `SELECT d.day, d.leaves, d.merkle_root AS merkleRoot, d.prev_root AS previousRoot, d.root
          FROM ledger_days d JOIN campaigns c ON c.id = d.campaign_id WHERE c.slug = ?1 ORDER BY d.day`,
    params: [slug],
  };
}

/** Slugs of campaigns with leaves after their last sealed day and before `openFrom`: a day to seal (one index probe per campaign). */
export async function listUnsealedCampaigns(db: D1Database, openFrom: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT c.slug FROM campaigns c
       WHERE EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.campaign_id = c.id AND l.day < ?1
         AND l.day > coalesce((SELECT max(d.day) FROM ledger_days d WHERE d.campaign_id = c.id), ''))`,
    )
    .bind(openFrom)
    .all<{ slug: string }>();
  return results.map((r) => r.slug);
}

/** For `verify-ledger`: the campaign's id, to tell an unknown slug from an empty ledger. */
export function campaignIdStatement(slug: string): Statement {
  return { sql: 'SELECT id FROM campaigns WHERE slug = ?1', params: [slug] };
}
