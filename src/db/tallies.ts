import { runBatch, type Statement } from './statements';

/**
 * The rollup of signature summaries (migration 0015): what is new since the cursors is
 * added to `signature_tallies` in bounded steps, each one transaction, so two steps at
 * once (the cron and a dashboard) never count a row twice. Signing and confirming write
 * nothing here: their rows are past the cursors until a step takes them.
 */

/** Rows a step takes at most, of arrivals and of one campaign's confirmations. */
export const TALLY_STEP = 2000;

const ARRIVALS = `coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0)`;
const ARRIVALS_UPTO = `min(${ARRIVALS} + ?1, coalesce((SELECT max(id) FROM signatures), 0))`;

/**
 * New signatures by id, ?1 at most: their facts as signed (status as it is now; a later
 * change moves the summaries by trigger), then the cursor past them, in one transaction.
 */
export function arrivalStatements(limit: number, now: number): Statement[] {
  return [
    {
      sql: `INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
            SELECT campaign_id, dim, key, sum(arrived), 0 FROM signature_facts
            WHERE id > ${ARRIVALS} AND id <= ${ARRIVALS_UPTO}
            GROUP BY campaign_id, dim, key HAVING sum(arrived) <> 0
            ON CONFLICT (campaign_id, dim, key) DO UPDATE SET signed = signed + excluded.signed`,
      params: [limit],
    },
    {
      sql: `INSERT INTO cron_cursors (name, value, updated_at) SELECT 'tally-arrivals', ${ARRIVALS_UPTO}, ?2
            WHERE ${ARRIVALS_UPTO} > ${ARRIVALS}
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            WHERE cron_cursors.value < excluded.value`,
      params: [limit, now],
    },
  ];
}

// The two halves of a campaign's confirmed rows, each an index by time (signatures_wall
// and signatures_confirmed_rest): every confirmed row is in exactly one.
const HALVES = [
  `public = 1 AND message IS NOT NULL AND message <> ''`,
  `(public = 0 OR message IS NULL OR message = '')`,
] as const;
const CURSOR = `(SELECT confirmed_at FROM tally_cursors WHERE campaign_id = ?1)`;
const UPTO = `(SELECT upto FROM tally_cursors WHERE campaign_id = ?1)`;
const newer = (half: string, from = 'signatures', upto = '?3') =>
  `${from} WHERE campaign_id = ?1 AND status = 'confirmed' AND ${half} AND confirmed_at > ${CURSOR} AND confirmed_at <= ${upto}`;

/**
 * One campaign's confirmations since its cursor, up to ?2 of each half and never past ?3
 * (now): the bound is stored first, so the summaries and the cursor move by the same rows.
 */
export function confirmationStatements(campaignId: number, limit: number, now: number): Statement[] {
  const params = [campaignId, limit, now];
  const nth = (half: string) => `(SELECT confirmed_at FROM ${newer(half)} ORDER BY confirmed_at LIMIT 1 OFFSET ?2 - 1)`;
  const last = (half: string) => `(SELECT max(confirmed_at) FROM ${newer(half)})`;
  const [wall, rest] = HALVES;
  return [
    { sql: `INSERT INTO tally_cursors (campaign_id, confirmed_at) VALUES (?1, -1) ON CONFLICT DO NOTHING`, params: [campaignId] },
    {
      sql: `UPDATE tally_cursors SET upto = min(coalesce(${nth(wall)}, ?3), coalesce(${nth(rest)}, ?3),
              max(coalesce(${last(wall)}, -1), coalesce(${last(rest)}, -1)))
            WHERE campaign_id = ?1 AND (EXISTS (SELECT 1 FROM ${newer(wall)}) OR EXISTS (SELECT 1 FROM ${newer(rest)}))`,
      params,
    },
    {
      sql: `INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
            SELECT campaign_id, dim, key, 0, sum(counted) FROM (
              SELECT campaign_id, dim, key, counted FROM ${newer(wall, 'signature_facts', UPTO)}
              UNION ALL
              SELECT campaign_id, dim, key, counted FROM ${newer(rest, 'signature_facts', UPTO)})
            GROUP BY campaign_id, dim, key HAVING sum(counted) <> 0
            ON CONFLICT (campaign_id, dim, key) DO UPDATE SET confirmed = confirmed + excluded.confirmed`,
      params: [campaignId],
    },
    { sql: `UPDATE tally_cursors SET confirmed_at = upto, upto = NULL WHERE campaign_id = ?1 AND upto IS NOT NULL`, params: [campaignId] },
  ];
}

// Each campaign behind is a round trip of the cron's (Workers Free allows 50 subrequests).
const CAMPAIGNS_PER_STEP = 10;

/** Campaigns with confirmations past their cursor: two index probes a campaign. */
async function campaignsBehind(db: D1Database): Promise<number[]> {
  const probe = (half: string) =>
    `EXISTS (SELECT 1 FROM signatures s WHERE s.campaign_id = n.campaign_id AND s.status = 'confirmed' AND ${half}
       AND s.confirmed_at > coalesce((SELECT confirmed_at FROM tally_cursors t WHERE t.campaign_id = n.campaign_id), -1))`;
  const { results } = await db
    .prepare(`SELECT n.campaign_id AS id FROM campaign_counts n WHERE ${probe(HALVES[0])} OR ${probe(HALVES[1])} LIMIT ?1`)
    .bind(CAMPAIGNS_PER_STEP)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** What a rollup step did: summary rows moved by new signatures, and campaigns whose confirmations it took. */
export type RollupReport = { arrivalRows: number; campaigns: number };

/**
 * One bounded rollup step: new signatures (up to `limit`), then the confirmations of
 * `campaignId` (a dashboard about to read its summaries) or of every campaign behind (the
 * cron), up to `limit` each. An idle step reads a row or two per campaign and writes none.
 */
export async function rollUpTallies(db: D1Database, now: number, opts: { campaignId?: number; limit?: number; maxCampaigns?: number } = {}): Promise<RollupReport> {
  const limit = opts.limit ?? TALLY_STEP;
  const [added] = await runBatch(db, arrivalStatements(limit, now));
  const campaigns = opts.campaignId === undefined ? (await campaignsBehind(db)).slice(0, opts.maxCampaigns) : [opts.campaignId];
  for (const id of campaigns) await runBatch(db, confirmationStatements(id, limit, now));
  return { arrivalRows: added?.meta.changes ?? 0, campaigns: campaigns.length };
}

/**
 * A bounded step for `campaignId`, taken by each reader of its summaries before it reads
 * (the dashboard's two readers each take one: the second finds nothing to do and costs a
 * few index probes; sharing one step across readers would share a promise across requests).
 */
export function freshTallies(db: D1Database, campaignId: number, now: number): Promise<RollupReport> {
  return rollUpTallies(db, now, { campaignId });
}
