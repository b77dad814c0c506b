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
 * The progress of each update, by id: one read of its key range of the outbox
 * (`c<campaign>:u<update>:s…`, see db/updates.ts), all in one round trip.
 */
export async function updateProgress(db: D1Database, campaignId: number, updateIds: number[]): Promise<Map<number, UpdateProgress>> {
  if (updateIds.length === 0) return new Map();
  const statements = updateIds.map((id) =>
    db
      .prepare(
        `SELECT sum(status = 'pending') AS waiting,
           sum(status = 'sent' AND (delivery IS NULL OR delivery = 'sent' OR delivery = 'delayed')) AS sent,
           sum(status = 'sent' AND delivery = 'delivered') AS delivered,
           sum(status = 'sent' AND (delivery = 'bounced' OR delivery = 'complained')) AS bounced,
           sum(status = 'dead') AS failed
         FROM outbox WHERE idempotency_key >= ?1 AND idempotency_key < ?2`,
      )
      .bind(`c${campaignId}:u${id}:s`, `c${campaignId}:u${id}:t`),
  );
  const results = await db.batch(statements);
  return new Map(
    updateIds.map((id, i) => {
      const r = v.parse(Row, results[i]?.results[0]);
      return [id, { waiting: r.waiting ?? 0, sent: r.sent ?? 0, delivered: r.delivered ?? 0, bounced: r.bounced ?? 0, failed: r.failed ?? 0 }];
    }),
  );
}
