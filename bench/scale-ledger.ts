/**
 * The seed's ledger trees built, as the minute cron keeps them on a running deployment (the
 * seed writes leaves with SQL, which cannot hash): each day's leaves read in their order, the
 * app's own appendLeaves (src/lib/merkle.ts) over them, the complete nodes and the day's state
 * written back, straight into the SQLite file before the app starts. Finished days are left for
 * the app to seal (its first read or cron, as on a deployment).
 */
import { execFileSync } from 'node:child_process';
import { appendLeaves } from '../src/lib/merkle';

function sqlite(file: string, text: string, json = false): string {
  return execFileSync('sqlite3', [...(json ? ['-json'] : []), '-cmd', '.timeout 10000', file], { input: text, encoding: 'utf8', timeout: 600_000, maxBuffer: 512 * 1024 * 1024 });
}

const hex = /^[0-9a-f]{64}$/;

/** Builds every day's tree of campaign `campaign`; returns the leaves folded. */
export async function buildSeededLedger(file: string, campaign: number, now = Date.now()): Promise<number> {
  const days = JSON.parse(sqlite(file, `SELECT DISTINCT day FROM ledger_leaves WHERE campaign_id = ${campaign} ORDER BY day;`, true) || '[]') as { day: string }[];
  let folded = 0;
  for (const { day } of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`odd day ${day}`);
    const leaves = JSON.parse(sqlite(file, `SELECT leaf, target FROM ledger_leaves WHERE campaign_id = ${campaign} AND day = '${day}' ORDER BY seq;`, true) || '[]') as { leaf: string; target: string }[];
    if (leaves.length === 0) continue;
    const grown = await appendLeaves(0, [], leaves.map((l) => l.leaf));
    const counts: Record<string, number> = {};
    for (const l of leaves) counts[l.target] = (counts[l.target] ?? 0) + 1;
    if (!grown.nodes.every((n) => hex.test(n.hash)) || !/^[\w@{}":,-]*$/.test(JSON.stringify(counts))) throw new Error('odd hash or target');
    const rows = grown.nodes.map((n) => `(${campaign}, '${day}', ${n.level}, ${n.idx}, '${n.hash}')`);
    const inserts: string[] = [];
    for (let i = 0; i < rows.length; i += 5000) inserts.push(`INSERT OR IGNORE INTO ledger_nodes (campaign_id, day, level, idx, hash) VALUES ${rows.slice(i, i + 5000).join(',')};`);
    sqlite(
      file,
      `BEGIN;
       ${inserts.join('\n')}
       INSERT INTO ledger_trees (campaign_id, day, size, counts, merkle_root, backfill, updated_at)
       VALUES (${campaign}, '${day}', ${leaves.length}, '${JSON.stringify(counts)}', '${grown.root}', 0, ${now})
       ON CONFLICT (campaign_id, day) DO UPDATE SET size = excluded.size, counts = excluded.counts, merkle_root = excluded.merkle_root, updated_at = excluded.updated_at;
       COMMIT;`,
    );
    folded += leaves.length;
  }
  return folded;
}
