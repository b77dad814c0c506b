import { DAY_MS } from '../lib/time';

/** Signed (every signature but spam), and of those how many are confirmed now. */
export type Funnel = { signed: number; confirmed: number };
/** One source's funnel; `source` null for signatures that came with none. */
export type SourceRow = Funnel & { source: string | null };
/** One UTC day's signatures, and the running total of confirmed ones signed up to its end. */
export type SourceDay = Funnel & { day: string; total: number };
/** The dashboard's "where signatures come from": the top sources, the rest as one row, and the days. */
export type SourceStats = { top: SourceRow[]; other: Funnel; days: SourceDay[] };

// A scan of one campaign's signatures through UNIQUE (campaign_id, inbox): no index of its
// own (signing would pay for it), and the answer is bounded (top sources, one row a day).
const FUNNEL = `count(*) AS signed, coalesce(sum(status = 'confirmed'), 0) AS confirmed`;
const MINE = `campaign_id = ?1 AND status <> 'spam'`;

/**
 * Signed, confirmed and (the caller divides) the confirmation rate per source — the `top`
 * biggest, then everything else as `other` — and per day signed over the last `days` UTC
 * days, each day's confirmed counted by the day its signature was made.
 */
export async function sourceStats(db: D1Database, campaignId: number, now: number, top = 10, days = 30): Promise<SourceStats> {
  const since = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const [bySource, all, perDay, before] = await db.batch([
    db.prepare(`SELECT source, ${FUNNEL} FROM signatures WHERE ${MINE} GROUP BY source ORDER BY signed DESC, source LIMIT ?2`).bind(campaignId, top),
    db.prepare(`SELECT ${FUNNEL} FROM signatures WHERE ${MINE}`).bind(campaignId),
    db
      .prepare(`SELECT date(created_at / 1000, 'unixepoch') AS day, ${FUNNEL} FROM signatures WHERE ${MINE} AND created_at >= ?2 GROUP BY day`)
      .bind(campaignId, since),
    db.prepare(`SELECT ${FUNNEL} FROM signatures WHERE ${MINE} AND created_at < ?2`).bind(campaignId, since),
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
