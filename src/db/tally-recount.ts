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

/** A mail summary (delivery_tallies) that differs from a count of the outbox: the kept and the counted figures. */
export type DeliveryDrift = { campaignId: number; key: string; kept: string; counted: string };

const DeliveryRow = v.object({ campaignId: v.number(), key: v.string(), kept: v.string(), counted: v.string() });

/** SQL: the summary key of outbox row `o` (as the triggers of migration 0035 name it). */
const TALLY_KEY = `coalesce(o.throttle_key, iif(o.kind = 'update',
  'update:' || substr(o.idempotency_key, instr(o.idempotency_key, ':u') + 2, instr(o.idempotency_key, ':s') - instr(o.idempotency_key, ':u') - 2), 'kind:' || o.kind))`;

/**
 * The recount that checks the mail summaries (migrations 0017, 0035): the campaign's
 * outbox counted by address or kind (sent, dead, delivered, delayed, bounced, complained,
 * retrying; and for an update's copies, waiting) against `delivery_tallies`; the rows that
 * differ, none when all is well. A scan of the campaign's mail (all when null): on demand.
 */
export async function recountDeliveryTallies(db: D1Database, campaignId: number | null): Promise<DeliveryDrift[]> {
  const figures = (p: string) =>
    `${p}sent || ' ' || ${p}dead || ' ' || ${p}delivered || ' ' || ${p}delayed || ' ' || ${p}bounced || ' ' || ${p}complained || ' ' || ${p}retrying || ' ' || ${p}waiting`;
  const { results } = await db
    .prepare(
      `WITH counted AS (
         SELECT o.campaign_id, ${TALLY_KEY} AS key, sum(o.status = 'sent') AS sent, sum(o.status = 'dead') AS dead,
           sum(coalesce(o.delivery IN ('delivered', 'complained'), 0)) AS delivered, sum(coalesce(o.delivery = 'delayed', 0)) AS delayed,
           sum(coalesce(o.delivery = 'bounced', 0)) AS bounced, sum(coalesce(o.delivery = 'complained', 0)) AS complained,
           sum(o.status = 'pending' AND o.last_error IS NOT NULL) AS retrying,
           sum(o.status = 'pending' AND o.kind = 'update' AND o.throttle_key IS NULL) AS waiting
         FROM outbox o WHERE o.campaign_id IS NOT NULL AND substr(o.idempotency_key, 1, 1) = 'c' AND (?1 IS NULL OR o.campaign_id = ?1)
         GROUP BY 1, 2),
       kept AS (SELECT * FROM delivery_tallies WHERE ?1 IS NULL OR campaign_id = ?1),
       pairs AS (
         SELECT c.campaign_id, c.key, coalesce(${figures('k.')}, '0 0 0 0 0 0 0 0') AS kept, ${figures('c.')} AS counted
         FROM counted c LEFT JOIN kept k ON k.campaign_id = c.campaign_id AND k.key = c.key
         UNION ALL
         SELECT k.campaign_id, k.key, ${figures('k.')}, '0 0 0 0 0 0 0 0' FROM kept k
         WHERE NOT EXISTS (SELECT 1 FROM counted c WHERE c.campaign_id = k.campaign_id AND c.key = k.key))
       SELECT campaign_id AS campaignId, key, kept, counted FROM pairs WHERE kept <> counted ORDER BY campaign_id, key LIMIT 100`,
    )
    .bind(campaignId)
    .all();
  return v.parse(v.array(DeliveryRow), results);
}
