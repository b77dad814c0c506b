/**
 * The delivery ledger's leaves a page at a time, for `verify-ledger` (the command line, local
 * or through the API): each page one index range read of `ledger_leaves_seq`, so a request's
 * cost is its page's, whatever the size of the ledger.
 */

/** A leaf with the fields it is recomputed from. */
export type LedgerLeafRow = { receiptId: string; target: string; day: string; seq: number; textSha256: string; leaf: string };

/** Where a page ends: the next page starts after this day and place in its tree. */
export type LeafCursor = { day: string; seq: number };

/** Leaves per page: a few hundred KB of JSON at most, well inside a free invocation's CPU. */
export const LEDGER_PAGE_SIZE = 500;

/** The campaign's leaves after `after` (from the start when null), in the trees' order: day, then seq. */
export async function ledgerLeavesPage(db: D1Database, campaignId: number, after: LeafCursor | null): Promise<LedgerLeafRow[]> {
  const { results } = await db
    .prepare(
      `SELECT receipt_id AS receiptId, target, day, seq, text_sha256 AS textSha256, leaf
       FROM ledger_leaves WHERE campaign_id = ?1 AND (day, seq) > (?2, ?3)
       ORDER BY day, seq LIMIT ?4`,
    )
    .bind(campaignId, after?.day ?? '', after?.seq ?? -1, LEDGER_PAGE_SIZE)
    .all<LedgerLeafRow>();
  return results;
}

/** The cursor after a page, or null when it was the last one. */
export function cursorAfter(page: LedgerLeafRow[]): LeafCursor | null {
  const last = page.at(-1);
  return page.length === LEDGER_PAGE_SIZE && last ? { day: last.day, seq: last.seq } : null;
}
