import { type Picket, type PicketRow, toPicket } from './pickets';

/** Where supporters live, as far as choosing a picket for them goes: their campaign and country. */
export type Whereabouts = { campaignId: number; country: string };

/** At most this many pickets per read: a campaign plans a handful per country. */
const MAX_PICKETS = 50;

/**
 * The planned pickets not yet over in the given campaigns' given countries, soonest first:
 * one read for a whole drain batch of receipts or for one thank-you page. Rows read are the
 * campaign's pickets (its key index leads with the campaign), never its signatures; the D1
 * meta comes along so that tests can see it.
 */
export async function picketsNear(db: D1Database, places: readonly Whereabouts[], now: number): Promise<{ pickets: Picket[]; meta: D1Meta | null }> {
  const wanted = [...new Set(places.map((p) => JSON.stringify([p.campaignId, p.country])))];
  if (wanted.length === 0) return { pickets: [], meta: null };
  const { results, meta } = await db
    .prepare(
      `SELECT p.* FROM pickets p JOIN json_each(?1) w
         ON p.campaign_id = json_extract(w.value, '$[0]') AND p.country = json_extract(w.value, '$[1]')
       WHERE p.status = 'planned' AND p.ends_at > ?2
       ORDER BY p.starts_at, p.key LIMIT ?3`,
    )
    .bind(`[${wanted.join(',')}]`, now, MAX_PICKETS)
    .all<PicketRow>();
  return { pickets: results.map(toPicket), meta };
}
