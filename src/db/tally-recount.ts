import * as v from 'valibot';

/** A summary that differs from a count of the signatures it stands for. */
export type TallyDrift = { campaignId: number; dim: string; key: string; signed: number; confirmed: number; expectedSigned: number; expectedConfirmed: number };

const Row = v.object({
  campaignId: v.number(), dim: v.string(), key: v.string(),
  signed: v.number(), confirmed: v.number(), expectedSigned: v.number(), expectedConfirmed: v.number(),
});

/**
 * The recount that checks the summaries: every signature's facts counted as the cursors
 * say they are held (signed up to the arrivals cursor, confirmed up to the campaign's),
 * against `signature_tallies`; the rows that differ, none when all is well. A scan of the
 * signatures (of one campaign when given, else all): an on-demand check, like an export.
 */
export async function recountTallies(db: D1Database, campaignId: number | null): Promise<TallyDrift[]> {
  const { results } = await db
    .prepare(
      `WITH expected AS (
         SELECT f.campaign_id, f.dim, f.key,
           sum(f.arrived * (f.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0))) AS signed,
           sum(f.counted * coalesce(f.confirmed_at <= coalesce(t.confirmed_at, -1), 0)) AS confirmed
         FROM signature_facts f LEFT JOIN tally_cursors t ON t.campaign_id = f.campaign_id
         WHERE ?1 IS NULL OR f.campaign_id = ?1
         GROUP BY f.campaign_id, f.dim, f.key),
       kept AS (SELECT campaign_id, dim, key, signed, confirmed FROM signature_tallies WHERE ?1 IS NULL OR campaign_id = ?1),
       pairs AS (
         SELECT e.campaign_id, e.dim, e.key, coalesce(k.signed, 0) AS signed, coalesce(k.confirmed, 0) AS confirmed,
           e.signed AS expected_signed, e.confirmed AS expected_confirmed
         FROM expected e LEFT JOIN kept k USING (campaign_id, dim, key)
         UNION ALL
         SELECT k.campaign_id, k.dim, k.key, k.signed, k.confirmed, 0, 0
         FROM kept k WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.campaign_id = k.campaign_id AND e.dim = k.dim AND e.key = k.key))
       SELECT campaign_id AS campaignId, dim, key, signed, confirmed, expected_signed AS expectedSigned, expected_confirmed AS expectedConfirmed
       FROM pairs WHERE signed <> expected_signed OR confirmed <> expected_confirmed
       ORDER BY campaign_id, dim, key LIMIT 100`,
    )
    .bind(campaignId)
    .all();
  return v.parse(v.array(Row), results);
}
