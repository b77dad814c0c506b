import { chainDays, type LedgerDay, leafHash } from './ledger-hash';

/** A leaf as stored: its fields and the hash written when it was made. */
export type StoredLeaf = { receiptId: string; target: string; day: string; seq?: number | null; textSha256: string; leaf: string };

/** The outcome of recomputing a campaign's ledger from its leaves. */
export type LedgerCheck = {
  /** Every day recomputed from the leaves, chained from the first. */
  days: LedgerDay[];
  /** Each mismatch, in words. Empty means the stored ledger is what its leaves give. */
  differences: string[];
  /** Days with leaves but no sealed root yet (today, or not yet read since midnight). */
  unsealed: string[];
};

function compareDay(stored: LedgerDay, computed: LedgerDay | undefined): string[] {
  if (!computed) return [`${stored.day}: a sealed root but no leaves`];
  const out: string[] = [];
  if (stored.leaves !== computed.leaves) out.push(`${stored.day}: ${stored.leaves} leaves sealed, ${computed.leaves} now`);
  if (stored.merkleRoot !== computed.merkleRoot) out.push(`${stored.day}: tree ${stored.merkleRoot} sealed, ${computed.merkleRoot} recomputed`);
  if (stored.previousRoot !== computed.previousRoot) out.push(`${stored.day}: previous root ${stored.previousRoot} sealed, ${computed.previousRoot} recomputed`);
  if (stored.root !== computed.root) out.push(`${stored.day}: root ${stored.root} sealed, ${computed.root} recomputed`);
  return out;
}

/**
 * Recomputes every leaf from its fields and every day's root from the leaves (given in their
 * trees' order: day, then seq), and
 * compares them with what is stored: any leaf changed, added or removed after its day was
 * sealed, or a sealed root edited, shows as a difference.
 */
export async function checkLedger(slug: string, leaves: StoredLeaf[], sealed: LedgerDay[]): Promise<LedgerCheck> {
  const differences: string[] = [];
  const byDay = new Map<string, string[]>();
  for (const l of leaves) {
    const leaf = await leafHash({ slug, receiptId: l.receiptId, target: l.target, day: l.day, textSha256: l.textSha256 });
    if (leaf !== l.leaf) differences.push(`${l.day}: leaf of receipt ${l.receiptId} is ${l.leaf}, its fields give ${leaf}`);
    const before = byDay.get(l.day) ?? [];
    // Leaves come in their trees' order; a place with no leaf is one removed.
    if (l.seq !== undefined && l.seq !== null && l.seq !== before.length) differences.push(`${l.day}: leaf of receipt ${l.receiptId} at place ${l.seq}, expected ${before.length}`);
    before.push(leaf);
    byDay.set(l.day, before);
  }
  const days = await chainDays(slug, [...byDay].map(([day, hashes]) => ({ day, leaves: hashes })));
  const computed = new Map(days.map((d) => [d.day, d]));
  for (const s of sealed) differences.push(...compareDay(s, computed.get(s.day)));
  const sealedDays = new Set(sealed.map((s) => s.day));
  const lastSealed = sealed.map((s) => s.day).sort().at(-1) ?? '';
  for (const d of days) {
    // A day before the last sealed one must be sealed too: the chain runs through it.
    if (!sealedDays.has(d.day) && d.day < lastSealed) differences.push(`${d.day}: leaves on a day the sealed history skips`);
  }
  return { days, differences, unsealed: days.filter((d) => !sealedDays.has(d.day)).map((d) => d.day) };
}
