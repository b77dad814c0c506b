import { merkleRoot, sha256Hex } from './merkle';

/**
 * The delivery ledger's formulas (docs/ledger.md, "The delivery ledger", states them for anyone
 * recomputing): all hashes SHA-256 as lower-case hex, strings UTF-8, fields joined by "\n".
 *
 *   text   = SHA-256(text body as sent)
 *   leaf   = SHA-256(0x00 ‖ "solidarity-ledger-leaf-v1\n" slug \n receipt \n target \n day \n text)
 *   tree   = RFC 6962 Merkle tree over the day's leaves in the order recorded, their `seq`
 *            (merkle.ts); days before migration 0031 took them sorted ascending, and their
 *            leaves got seq in that order, so the rule holds for every day
 *   root   = SHA-256("solidarity-ledger-day-v1\n" slug \n day \n count \n previous \n tree)
 *
 * `previous` is the root of the campaign's previous day with deliveries (GENESIS before
 * the first), so each day's root commits to the whole history before it.
 */

const encoder = new TextEncoder();

/** The `previous` of a campaign's first day. */
export const GENESIS = '0'.repeat(64);

/** The ledger's target for the campaign's own inbox (target keys are [a-z0-9-], so it cannot clash). */
export const CAMPAIGN_TARGET = '@campaign';

/**
 * The ledger's target for a published reply of a target (issue 28): its leaf commits to the
 * exact text published, so a later edit shows. Not a delivery: the counts leave it out.
 */
export const REPLY_TARGET = '@reply';

/** The ledger's target for the campaign's own follow-up letter to a silent target: sent, but no supporter's message. */
export const FOLLOW_UP_TARGET = '@followup';

export type LeafFields = { slug: string; receiptId: string; target: string; day: string; textSha256: string };

/** SHA-256 of a mail's exact text body. */
export function textHash(text: string): Promise<string> {
  return sha256Hex(encoder.encode(text));
}

/** A delivered message's leaf. */
export function leafHash(f: LeafFields): Promise<string> {
  const data = encoder.encode(['solidarity-ledger-leaf-v1', f.slug, f.receiptId, f.target, f.day, f.textSha256].join('\n'));
  const bytes = new Uint8Array(1 + data.length);
  bytes.set(data, 1); // bytes[0] = 0x00, RFC 6962's leaf prefix
  return sha256Hex(bytes);
}

export type DayRootFields = { slug: string; day: string; count: number; previous: string; tree: string };

/** A day's root: its tree, its count and the previous day's root. */
export function dayRoot(f: DayRootFields): Promise<string> {
  return sha256Hex(encoder.encode(['solidarity-ledger-day-v1', f.slug, f.day, String(f.count), f.previous, f.tree].join('\n')));
}

/** A day of the ledger as published. */
export type LedgerDay = { day: string; leaves: number; merkleRoot: string; previousRoot: string; root: string };

/**
 * The chained days from each day's leaf hashes (each day's in its tree's order, by seq), days
 * in ascending order, starting after `previous` (GENESIS, or the last sealed root). A full
 * rebuild, for checking: the app itself keeps the trees as they grow (flows/ledger.ts).
 */
export async function chainDays(slug: string, days: { day: string; leaves: string[] }[], previous = GENESIS): Promise<LedgerDay[]> {
  const out: LedgerDay[] = [];
  let prev = previous;
  for (const d of [...days].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    if (d.leaves.length === 0) continue;
    const tree = (await merkleRoot(d.leaves))!;
    const root = await dayRoot({ slug, day: d.day, count: d.leaves.length, previous: prev, tree });
    out.push({ day: d.day, leaves: d.leaves.length, merkleRoot: tree, previousRoot: prev, root });
    prev = root;
  }
  return out;
}
