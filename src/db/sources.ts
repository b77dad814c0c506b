import { freshTallies } from './tallies';
import { DAY_MS } from '../lib/time';

/** Signed (every signature but spam), and of those how many are confirmed now. */
export type Funnel = { signed: number; confirmed: number };
/** One source's funnel; `source` null for signatures that came with none. */
export type SourceRow = Funnel & { source: string | null };
/** One UTC day's signatures, and the running total of confirmed ones signed up to its end. */
export type SourceDay = Funnel & { day: string; total: number };
/** The dashboard's "where signatures come from": the top sources, the rest as one row, and the days. */
export type SourceStats = { top: SourceRow[]; other: Funnel; days: SourceDay[] };

/**
 * Signed, confirmed and (the caller divides) the confirmation rate per source — the `top`
 * biggest, then everything else as `other` — and per day signed over the last `days` UTC
 * days, each day's confirmed counted by the day its signature was made. From the summaries
 * (db/tallies.ts), brought up to date by a bounded step first: the rows read are the
 * sources and the days, never the signatures.
 */
export async function sourceStats(db: D1Database, campaignId: number, now: number, top = 10, days = 30): Promise<SourceStats> {
  await freshTallies(db, campaignId, now);
  const since = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const sinceDay = new Date(since).toISOString().slice(0, 10);
  const mine = `FROM signature_tallies WHERE campaign_id = ?1`;
  const [bySource, all, perDay, before] = await db.batch([
    db
      .prepare(`SELECT nullif(key, '') AS source, signed, confirmed ${mine} AND dim = 'source' AND signed > 0 ORDER BY signed DESC, key LIMIT ?2`)
      .bind(campaignId, top),
    db
      .prepare(`SELECT coalesce(sum(iif(key = 'all', signed, -signed)), 0) AS signed, coalesce(sum(confirmed), 0) AS confirmed ${mine} AND dim = 'status' AND key IN ('all', 'spam')`)
      .bind(campaignId),
    db.prepare(`SELECT key AS day, signed, confirmed ${mine} AND dim = 'created' AND key >= ?2`).bind(campaignId, sinceDay),
    db.prepare(`SELECT coalesce(sum(confirmed), 0) AS confirmed ${mine} AND dim = 'created' AND key < ?2`).bind(campaignId, sinceDay),
  ]);
  const rows = (bySource?.results ?? []) as SourceRow[];
  const total = (all?.results[0] ?? { signed: 0, confirmed: 0 }) as Funnel;
  const found = new Map(((perDay?.results ?? []) as (Funnel & { day: string })[]).map((r) => [r.day, r]));
  let running = ((before?.results[0] ?? { confirmed: 0 }) as Funnel).confirmed;
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(since + i * DAY_MS).toISOString().slice(0, 10);
    const { signed = 0, confirmed = 0 } = found.get(day) ?? {};
    running += confirmed;
    return { day, signed, confirmed, total: running };
  });
  const sum = (k: keyof Funnel) => rows.reduce((n, r) => n + r[k], 0);
  return { top: rows, other: { signed: total.signed - sum('signed'), confirmed: total.confirmed - sum('confirmed') }, days: series };
}
