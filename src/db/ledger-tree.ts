/**
 * The delivery ledger's trees as stored (migrations/0031): each leaf's place in its day's
 * tree (`seq`), how far each day's tree is built (`ledger_trees`) and its complete inner
 * nodes (`ledger_nodes`). Every read here is an index probe or a range of a given length:
 * none grows with the day.
 */
import type { NodeRef, TreeNode } from '../lib/merkle';
import type { Statement } from './statements';

/** The SQL of a new leaf's place: the next of its day (`campaign` and `day` are its parameters, e.g. '?2', '?3'). */
export const nextSeqSql = (campaign: string, day: string) =>
  `coalesce((SELECT max(seq) + 1 FROM ledger_leaves WHERE campaign_id = ${campaign} AND day = ${day}), 0)`;

/** A day after the last sealed one: its leaves in all (`total`) and how far its tree is built. */
export type OpenDayRow = { day: string; total: number; size: number; counts: Record<string, number>; merkleRoot: string | null; updatedAt: number };

/**
 * The days after `afterDay` that have leaves, each found by one index probe from the one
 * before (so as many rows as days, never as leaves), with their trees' state.
 */
export async function listOpenDays(db: D1Database, campaignId: number, afterDay: string): Promise<OpenDayRow[]> {
  const { results } = await db
    .prepare(
      `WITH RECURSIVE d(day) AS (
         SELECT (SELECT min(day) FROM ledger_leaves WHERE campaign_id = ?1 AND day > ?2)
         UNION ALL
         SELECT (SELECT min(day) FROM ledger_leaves WHERE campaign_id = ?1 AND day > d.day) FROM d WHERE d.day IS NOT NULL)
       SELECT d.day, (SELECT max(seq) FROM ledger_leaves WHERE campaign_id = ?1 AND day = d.day) + 1 AS total,
         coalesce(t.size, 0) AS size, coalesce(t.counts, '{}') AS counts, t.merkle_root AS merkleRoot, coalesce(t.updated_at, 0) AS updatedAt
       FROM d LEFT JOIN ledger_trees t ON t.campaign_id = ?1 AND t.day = d.day
       WHERE d.day IS NOT NULL ORDER BY d.day`,
    )
    .bind(campaignId, afterDay)
    .all<Omit<OpenDayRow, 'counts'> & { counts: string; total: number | null }>();
  return results.map((r) => ({ ...r, total: r.total ?? 0, counts: JSON.parse(r.counts) as Record<string, number> }));
}

/** A day's tree as built so far (null when not begun). */
export async function getTree(db: D1Database, campaignId: number, day: string): Promise<{ size: number; backfill: boolean; merkleRoot: string | null } | null> {
  const row = await db
    .prepare('SELECT size, backfill, merkle_root AS merkleRoot FROM ledger_trees WHERE campaign_id = ?1 AND day = ?2')
    .bind(campaignId, day)
    .first<{ size: number; backfill: number; merkleRoot: string | null }>();
  return row && { size: row.size, backfill: row.backfill === 1, merkleRoot: row.merkleRoot };
}

const key = (r: NodeRef) => `${r.level}:${r.idx}`;

/** The hashes of the nodes named (level 0 from the leaves by seq), by "level:idx"; one statement, a probe a node (CROSS JOIN keeps the list outermost). */
export async function readNodes(db: D1Database, campaignId: number, day: string, refs: NodeRef[]): Promise<Map<string, string>> {
  const inner = refs.filter((r) => r.level > 0).map((r) => [r.level, r.idx]);
  const leaves = refs.filter((r) => r.level === 0).map((r) => r.idx);
  if (refs.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT n.level, n.idx, n.hash FROM json_each(?3) j
         CROSS JOIN ledger_nodes n ON n.campaign_id = ?1 AND n.day = ?2 AND n.level = json_extract(j.value, '$[0]') AND n.idx = json_extract(j.value, '$[1]')
       UNION ALL
       SELECT 0, l.seq, l.leaf FROM json_each(?4) j CROSS JOIN ledger_leaves l ON l.campaign_id = ?1 AND l.day = ?2 AND l.seq = j.value`,
    )
    .bind(campaignId, day, JSON.stringify(inner), JSON.stringify(leaves))
    .all<{ level: number; idx: number; hash: string }>();
  return new Map(results.map((r) => [key(r), r.hash]));
}

/** The node's hash from readNodes's map; throws when it is not stored (a tree not built that far). */
export function nodeOf(nodes: Map<string, string>): (r: NodeRef) => string {
  return (r) => {
    const hash = nodes.get(key(r));
    if (hash === undefined) throw new Error(`ledger node ${key(r)} is not stored`);
    return hash;
  };
}

/** Leaves `from` ≤ seq < `to` of a day, in order: one range of the seq index. */
export async function listLeavesBySeq(db: D1Database, campaignId: number, day: string, from: number, to: number): Promise<{ seq: number; leaf: string; target: string }[]> {
  const { results } = await db
    .prepare('SELECT seq, leaf, target FROM ledger_leaves WHERE campaign_id = ?1 AND day = ?2 AND seq >= ?3 AND seq < ?4 ORDER BY seq')
    .bind(campaignId, day, from, to)
    .all<{ seq: number; leaf: string; target: string }>();
  return results;
}

/**
 * What a step of building stores: the new nodes (already stored ones are left as they are:
 * a node's hash is fixed by the leaves before it) and the tree's new state, which only ever
 * grows (a concurrent step that got further wins).
 */
export function storeTreeStatements(campaignId: number, day: string, grown: { size: number; counts: Record<string, number>; merkleRoot: string; nodes: TreeNode[]; backfillDone?: boolean }, now: number): Statement[] {
  const statements: Statement[] = [];
  if (grown.nodes.length > 0) {
    statements.push({
      sql: `INSERT INTO ledger_nodes (campaign_id, day, level, idx, hash)
            SELECT ?1, ?2, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?3) WHERE 1
            ON CONFLICT (campaign_id, day, level, idx) DO NOTHING`,
      params: [campaignId, day, JSON.stringify(grown.nodes.map((n) => [n.level, n.idx, n.hash]))],
    });
  }
  statements.push({
    sql: `INSERT INTO ledger_trees (campaign_id, day, size, counts, merkle_root, backfill, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)
          ON CONFLICT (campaign_id, day) DO UPDATE SET size = excluded.size, counts = excluded.counts, merkle_root = excluded.merkle_root,
            backfill = iif(?7, 0, ledger_trees.backfill), updated_at = excluded.updated_at
          WHERE ledger_trees.size < excluded.size`,
    params: [campaignId, day, grown.size, JSON.stringify(grown.counts), grown.merkleRoot, now, grown.backfillDone ? 1 : 0],
  });
  return statements;
}

/** A day sealed before its nodes were stored (migrations/0031), whose nodes are still to build. */
export type BackfillDay = { campaignId: number; slug: string; day: string; size: number; counts: Record<string, number>; leaves: number; merkleRoot: string };

/** One such day, if any (a partial index: nothing read when there is none). */
export async function nextBackfill(db: D1Database): Promise<BackfillDay | null> {
  const row = await db
    .prepare(
      `SELECT t.campaign_id AS campaignId, c.slug, t.day, t.size, t.counts, d.leaves, d.merkle_root AS merkleRoot
       FROM ledger_trees t JOIN ledger_days d ON d.campaign_id = t.campaign_id AND d.day = t.day JOIN campaigns c ON c.id = t.campaign_id
       WHERE t.backfill = 1 LIMIT 1`,
    )
    .first<Omit<BackfillDay, 'counts'> & { counts: string }>();
  return row && { ...row, counts: JSON.parse(row.counts) as Record<string, number> };
}

/**
 * Campaigns whose trees are behind their leaves (a leaf on a day after the last tree begun,
 * or past the size of a tree not sealed yet), or with a finished day (before `openFrom`) to
 * seal: a few index probes a campaign, nothing that grows with the ledger.
 */
export async function listLedgersBehind(db: D1Database, openFrom: string): Promise<{ id: number; slug: string }[]> {
  const { results } = await db
    .prepare(
      `SELECT c.id, c.slug FROM campaigns c
       WHERE EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.campaign_id = c.id
                AND l.day > coalesce((SELECT max(t.day) FROM ledger_trees t WHERE t.campaign_id = c.id), ''))
          OR EXISTS (SELECT 1 FROM ledger_trees t WHERE t.campaign_id = c.id
                AND t.day > coalesce((SELECT max(d.day) FROM ledger_days d WHERE d.campaign_id = c.id), '')
                AND EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.campaign_id = c.id AND l.day = t.day AND l.seq >= t.size))
          OR EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.campaign_id = c.id AND l.day < ?1
                AND l.day > coalesce((SELECT max(d.day) FROM ledger_days d WHERE d.campaign_id = c.id), ''))`,
    )
    .bind(openFrom)
    .all<{ id: number; slug: string }>();
  return results;
}
