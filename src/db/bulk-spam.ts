import { signatureRangeSql } from './outbox';
import { runBatch, type Statement } from './statements';

/**
 * Which signatures of a campaign to mark as spam together; every part given must match.
 * `network` is a prefix of the keyed IP hash (the dashboard shows a short one, never the IP).
 * `from`/`to` bound `created_at` (to exclusive).
 */
export type SpamFilter = { domain: string | null; network: string | null; from: number | null; to: number | null };

/** What a filter matches now: how many signatures, how many of them counted, and the newest id. */
export type SpamPreview = { matched: number; confirmed: number; upTo: number | null };

/** ?1 campaign, ?2 the newest id to take (null: any), ?3..?6 the filter. Only what is still live can become spam. */
const matchOn = (s: string) => `${s}campaign_id = ?1 AND ${s}status IN ('pending', 'confirmed') AND (?2 IS NULL OR ${s}id <= ?2)
  AND (?3 IS NULL OR substr(${s}email, -length(?3) - 1) = '@' || ?3)
  AND (?4 IS NULL OR substr(${s}ip_hash, 1, length(?4)) = ?4)
  AND (?5 IS NULL OR ${s}created_at >= ?5)
  AND (?6 IS NULL OR ${s}created_at < ?6)`;
const MATCH = matchOn('');

function matchParams(campaignId: number, upTo: number | null, f: SpamFilter): (string | number | null)[] {
  return [campaignId, upTo, f.domain, f.network, f.from, f.to];
}

/** How the log names a filter: `domain=… network=… from=… to=…`, the parts given. */
export function describeFilter(f: SpamFilter): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
  const parts = [
    f.domain && `domain=${f.domain}`,
    f.network && `network=${f.network}`,
    f.from !== null && `from=${iso(f.from)}`,
    f.to !== null && `to=${iso(f.to)}`,
  ];
  return parts.filter(Boolean).join(' ');
}

/** The preview: what marking would take right now. */
export async function previewSpam(db: D1Database, campaignId: number, f: SpamFilter): Promise<SpamPreview> {
  const row = await db
    .prepare(
      `SELECT count(*) AS matched, coalesce(sum(status = 'confirmed'), 0) AS confirmed, max(id) AS upTo
       FROM signatures WHERE ${MATCH}`,
    )
    .bind(...matchParams(campaignId, null, f))
    .first<SpamPreview>();
  return row ?? { matched: 0, confirmed: 0, upTo: null };
}

/**
 * Marks every live signature that matches, up to the newest id the preview showed (so
 * nothing signed since is taken unseen), as spam, in one batch: one log row naming the
 * filter and the count, their unsent mail dropped (what waited behind it goes sooner),
 * statuses set (the counts trigger uncounts each confirmed one once). Returns how many.
 */
export async function markSpam(db: D1Database, campaignId: number, f: SpamFilter, upTo: number, actor: string, now: number): Promise<number> {
  const params = matchParams(campaignId, upTo, f);
  const mark: Statement = {
    sql: `UPDATE signatures SET status = 'spam', moderation = 'hidden', updated_at = ?7 WHERE ${MATCH} RETURNING id`,
    params: [...params, now],
  };
  const statements: Statement[] = [
    {
      sql: `INSERT INTO moderation_log (campaign_id, action, actor, previous, created_at)
            SELECT ?1, 'spam', ?7, 'bulk ' || ?8 || ': ' || count(*), ?9 FROM signatures WHERE ${MATCH} HAVING count(*) > 0`,
      params: [...params, actor, describeFilter(f), now],
    },
    {
      // Each marked signature's own key range: linear in what is marked, never in the queue.
      sql: `DELETE FROM outbox WHERE idempotency_key IN (
              SELECT o.idempotency_key FROM signatures s JOIN outbox o ON ${signatureRangeSql('s.campaign_id', 's.id')}
              WHERE ${matchOn('s.')} AND o.status <> 'sent')`,
      params,
    },
    mark,
  ];
  const results = await runBatch(db, statements);
  // Rows returned, not meta.changes: D1 counts the rows the count triggers change too.
  return results[statements.indexOf(mark)]?.results.length ?? 0;
}

/** A domain or network prefix and how many live signatures came from it. */
export type SourceTally = { key: string; count: number };

/** How many of the newest signatures (ids, of every campaign) the top domains and networks look at. */
export const TOP_SOURCES_WINDOW = 10_000;

/**
 * The email domains and networks (a prefix of `prefix` hex digits of the IP hash) with the
 * most live signatures among the newest (a range of ids, `window` at most): where a flood
 * shows first, messages or not, at the cost of one window whatever the campaign's size.
 */
export async function topSources(db: D1Database, campaignId: number, prefix: number, limit = 8, window = TOP_SOURCES_WINDOW): Promise<{ domains: SourceTally[]; networks: SourceTally[] }> {
  // The unary + keeps SQLite on the range of ids (the campaign's index would read all its rows).
  const live = `id > (SELECT coalesce(max(id), 0) FROM signatures) - ?3 AND +campaign_id = ?1 AND status IN ('pending', 'confirmed')`;
  const [domains, networks] = await db.batch<SourceTally>([
    db
      .prepare(
        `SELECT substr(email, instr(email, '@') + 1) AS key, count(*) AS count FROM signatures
         WHERE ${live} AND email IS NOT NULL GROUP BY key ORDER BY count DESC, key LIMIT ?2`,
      )
      .bind(campaignId, limit, window),
    db
      .prepare(
        `SELECT substr(ip_hash, 1, ?4) AS key, count(*) AS count FROM signatures
         WHERE ${live} AND ip_hash IS NOT NULL GROUP BY key ORDER BY count DESC, key LIMIT ?2`,
      )
      .bind(campaignId, limit, window, prefix),
  ]);
  return { domains: domains?.results ?? [], networks: networks?.results ?? [] };
}
