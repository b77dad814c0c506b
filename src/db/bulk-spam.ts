import { signatureRangeSql } from './outbox';
import { runBatch, type Statement } from './statements';

/**
 * Which signatures of a campaign to mark as spam together; every part given must match.
 * `network` is a prefix of the keyed IP hash (the dashboard shows a short one, never the IP).
 * `from`/`to` bound `created_at` (to exclusive).
 */
export type SpamFilter = { domain: string | null; network: string | null; from: number | null; to: number | null };

/**
 * What a filter matches now among a stretch of the campaign's signatures: how many, how many
 * of them counted, the stretch's newest id (`upTo`, what the action takes) and lowest
 * (`lowest`), and the id the next older stretch starts below (`older`, null: none).
 */
export type SpamPreview = { matched: number; confirmed: number; upTo: number | null; lowest: number | null; older: number | null };

/**
 * How many signature ids a preview or a marking looks through at once: a flood shows among
 * the newest, and one larger than this is marked a stretch at a time (the preview links to
 * the stretch before), so neither reads more than this many rows whatever the campaign's size.
 */
export const SPAM_WINDOW = 5_000;

/**
 * ?1 campaign, ?2 the newest id to take, ?7 the lowest, ?3..?6 the filter: a range of the
 * table's own key (the unary + keeps SQLite off the campaign's index, which would read all
 * its rows). Only what is still live can become spam.
 */
const matchOn = (s: string) => `${s}id <= ?2 AND ${s}id >= ?7 AND +${s}campaign_id = ?1 AND ${s}status IN ('pending', 'confirmed')
  AND (?3 IS NULL OR substr(${s}email, -length(?3) - 1) = '@' || ?3)
  AND (?4 IS NULL OR substr(${s}ip_hash, 1, length(?4)) = ?4)
  AND (?5 IS NULL OR ${s}created_at >= ?5)
  AND (?6 IS NULL OR ${s}created_at < ?6)`;
const MATCH = matchOn('');

function matchParams(campaignId: number, upTo: number, lowest: number, f: SpamFilter): (string | number | null)[] {
  return [campaignId, upTo, f.domain, f.network, f.from, f.to, lowest];
}

/** The stretch's lowest id when none is given: SPAM_WINDOW ids down from `upTo`. */
export const windowBottom = (upTo: number) => Math.max(1, upTo - SPAM_WINDOW + 1);

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

/**
 * The preview: what marking would take right now among the stretch of SPAM_WINDOW ids that
 * ends below `before` (the newest when null): one pass over the stretch (a range of the
 * table's own key), counting the matches and finding the campaign's lowest and newest ids
 * in it, which the action takes as its bounds. Ids are shared by every campaign: a stretch
 * holds the others' too, and is still this long.
 */
export async function previewSpam(db: D1Database, campaignId: number, f: SpamFilter, before: number | null = null): Promise<SpamPreview> {
  const start = before === null ? await db.prepare('SELECT max(id) AS id FROM signatures').first<number | null>('id') : before - 1;
  if (start === null || start < 1) return { matched: 0, confirmed: 0, upTo: null, lowest: null, older: null };
  const bottom = windowBottom(start);
  const row = await db
    .prepare(
      `SELECT coalesce(sum(m), 0) AS matched, coalesce(sum(m AND status = 'confirmed'), 0) AS confirmed, min(id) AS lowest, max(id) AS upTo FROM (
         SELECT id, status, (${MATCH}) AS m FROM signatures WHERE id <= ?2 AND id >= ?7 AND +campaign_id = ?1)`,
    )
    .bind(...matchParams(campaignId, start, bottom, f))
    .first<{ matched: number; confirmed: number; lowest: number | null; upTo: number | null }>();
  return {
    matched: row?.matched ?? 0,
    confirmed: row?.confirmed ?? 0,
    upTo: row?.upTo ?? null,
    lowest: row?.lowest ?? null,
    older: bottom > 1 ? bottom : null,
  };
}

/**
 * Marks every live signature that matches in the stretch the preview showed, from `lowest`
 * up to its newest id (so nothing signed since is taken unseen), as spam, in one batch: one
 * log row naming the filter and the count, their unsent mail dropped (what waited behind it
 * goes sooner), statuses set (the counts trigger uncounts each confirmed one once). Reads
 * the stretch (at most SPAM_WINDOW ids) and the marked ones' mail, never the whole campaign
 * or the queue. Returns how many.
 */
export async function markSpam(db: D1Database, campaignId: number, f: SpamFilter, upTo: number, actor: string, now: number, lowest = windowBottom(upTo)): Promise<number> {
  const params = matchParams(campaignId, upTo, Math.max(lowest, windowBottom(upTo)), f);
  const mark: Statement = {
    sql: `UPDATE signatures SET status = 'spam', moderation = 'hidden', updated_at = ?8 WHERE ${MATCH} RETURNING id`,
    params: [...params, now],
  };
  const statements: Statement[] = [
    {
      sql: `INSERT INTO moderation_log (campaign_id, action, actor, previous, created_at)
            SELECT ?1, 'spam', ?8, 'bulk ' || ?9 || ': ' || count(*), ?10 FROM signatures WHERE ${MATCH} HAVING count(*) > 0`,
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

/**
 * How many of the newest signatures (ids, of every campaign) the top domains and networks
 * look at: each of the two is one pass over them (a few thousand rows on every dashboard).
 */
export const TOP_SOURCES_WINDOW = 1_000;

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
