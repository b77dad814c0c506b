/**
 * The delivery ledger's leaves a page at a time, for `verify-ledger` (the command line, local
 * or through the API): each page one index range read of `ledger_leaves_day`, so a request's
 * cost is its page's, whatever the size of the ledger.
 */

/** A leaf with the fields it is recomputed from. */
export type LedgerLeafRow = { receiptId: string; target: string; day: string; textSha256: string; leaf: string };

/** Where a page ends: the next page starts after this day and leaf. */
export type LeafCursor = { day: string; leaf: string };

/** Leaves per page: a few hundred KB of JSON at most, well inside a free invocation's CPU. */
export const LEDGER_PAGE_SIZE = 500;

/** The campaign's leaves after `after` (from the start when null), in the tree's order: day, then leaf. */
export async function ledgerLeavesPage(db: D1Database, campaignId: number, after: LeafCursor | null): Promise<LedgerLeafRow[]> {
  const { results } = await db
    .prepare(
      `SELECT receipt_id AS receiptId, target, day, text_sha256 AS textSha256, leaf
       FROM ledger_leaves WHERE campaign_id = ?1 AND (day, leaf) > (?2, ?3)
       ORDER BY day, leaf LIMIT ?4`,
    )
    .bind(campaignId, after?.day ?? '', after?.leaf ?? '', LEDGER_PAGE_SIZE)
    .all<LedgerLeafRow>();
  return results;
}

/** The cursor after a page, or null when it was the last one. */
export function cursorAfter(page: LedgerLeafRow[]): LeafCursor | null {
  const last = page.at(-1);
  return page.length === LEDGER_PAGE_SIZE && last ? { day: last.day, leaf: last.leaf } : null;
}
