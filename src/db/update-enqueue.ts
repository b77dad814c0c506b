import { runBatch, type Statement } from './statements';
import { AUDIENCE_SQL } from './updates';

/** Supporters the enqueue step takes at once: a D1 batch of this many outbox rows stays well inside its limits. */
export const UPDATE_STEP = 1000;
/** The step's mail is spread out this far apart, so that mail enqueued meanwhile (confirmations) goes first. */
export const UPDATE_SPACING_MS = 50;

// The next supporters of the update's audience after its cursor, in id order: a range of
// the signatures table from the cursor (`+` keeps SQLite off the campaign index), as the
// export reads it.
const PICKED = `picked AS (
    SELECT s.id, s.email FROM updates u JOIN signatures s ON +s.campaign_id = u.campaign_id AND s.id > u.cursor
    WHERE u.id = ?1 AND u.enqueued_at IS NULL AND ${AUDIENCE_SQL} AND (u.target_id IS NULL OR s.target_id = u.target_id)
    ORDER BY s.id LIMIT ?3)`;

/**
 * One enqueue step of an update, as one batch: the next UPDATE_STEP supporters' mail into
 * the outbox (spaced UPDATE_SPACING_MS apart), counted as waiting in its summary, and the cursor moved past them; when fewer
 * were left, the update is marked enqueued. Two steps at once cannot take the same
 * supporters: each batch is one transaction and moves the cursor it read.
 */
export function enqueueStepStatements(updateId: number, now: number, step = UPDATE_STEP): Statement[] {
  return [
    {
      sql: `WITH ${PICKED}
            INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, next_attempt_at, created_at)
            SELECT 'c' || u.campaign_id || ':u' || u.id || ':s' || p.id, 'update', u.campaign_id, p.id, c.sender_name,
              json_array(p.email), ?2 + (row_number() OVER (ORDER BY p.id) - 1) * ?4, ?2
            FROM picked p, updates u JOIN campaigns c ON c.id = u.campaign_id
            WHERE u.id = ?1
            ON CONFLICT DO NOTHING`,
      params: [updateId, now, step, UPDATE_SPACING_MS],
    },
    {
      // The copies just inserted now wait (the update's summary, migration 0035): one row
      // written a step, not one a copy. changes() is the insert's own count.
      sql: `INSERT INTO delivery_tallies (campaign_id, key, waiting)
            SELECT campaign_id, 'update:' || id, changes() FROM updates WHERE id = ?1
            ON CONFLICT (campaign_id, key) DO UPDATE SET waiting = waiting + excluded.waiting`,
      params: [updateId],
    },
    {
      sql: `WITH ${PICKED}
            UPDATE updates SET cursor = coalesce((SELECT max(id) FROM picked), cursor),
              enqueued = enqueued + (SELECT count(*) FROM picked),
              enqueued_at = iif((SELECT count(*) FROM picked) < ?3, ?2, NULL)
            WHERE id = ?1 AND enqueued_at IS NULL`,
      params: [updateId, now, step],
    },
  ];
}

/** Updates whose audience is still being enqueued, oldest first. */
export async function updatesEnqueuing(db: D1Database, limit = 10): Promise<number[]> {
  const { results } = await db.prepare('SELECT id FROM updates WHERE enqueued_at IS NULL ORDER BY id LIMIT ?1').bind(limit).all<{ id: number }>();
  return results.map((r) => r.id);
}

/**
 * The cron's step (and the request's that wrote an update): one enqueue step for each update
 * still being enqueued, until `budget` supporters were taken. Returns how many were.
 */
export async function enqueueUpdates(db: D1Database, now: number, budget = UPDATE_STEP): Promise<number> {
  let taken = 0;
  for (const id of await updatesEnqueuing(db)) {
    if (taken >= budget) break;
    const [inserted] = await runBatch(db, enqueueStepStatements(id, now, Math.min(UPDATE_STEP, budget - taken)));
    taken += inserted?.meta.changes ?? 0;
  }
  return taken;
}
