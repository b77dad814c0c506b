import * as v from 'valibot';

/** Where an update's mail stands: waiting to go, sent (no word of delivery yet), delivered, bounced (or marked as spam), failed. */
export type UpdateProgress = { waiting: number; sent: number; delivered: number; bounced: number; failed: number };

const Row = v.object({
  waiting: v.nullable(v.number()),
  sent: v.nullable(v.number()),
  delivered: v.nullable(v.number()),
  bounced: v.nullable(v.number()),
  failed: v.nullable(v.number()),
});

/**
 * The progress of each update, by id: its summary row (`update:<id>` in delivery_tallies,
 * migration 0035), one read for all, whatever the number of copies. "Sent" is what went
 * out with no word of delivery yet (or only a delay); a bounce or complaint counts as
 * bounced, not delivered.
 */
export async function updateProgress(db: D1Database, campaignId: number, updateIds: number[]): Promise<Map<number, UpdateProgress>> {
  if (updateIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT CAST(substr(key, 8) AS INTEGER) AS id, waiting, sent - delivered - bounced AS sent,
         delivered - complained AS delivered, bounced + complained AS bounced, dead AS failed
       FROM delivery_tallies WHERE campaign_id = ?1 AND key IN (SELECT 'update:' || value FROM json_each(?2))`,
    )
    .bind(campaignId, JSON.stringify(updateIds))
    .all();
  const found = new Map(results.map((r) => [Number((r as { id: number }).id), v.parse(Row, r)]));
  return new Map(
    updateIds.map((id) => {
      const r = found.get(id);
      return [id, { waiting: r?.waiting ?? 0, sent: r?.sent ?? 0, delivered: r?.delivered ?? 0, bounced: r?.bounced ?? 0, failed: r?.failed ?? 0 }];
    }),
  );
}
