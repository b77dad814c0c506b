/**
 * `npm run campaign -- verify-ledger <slug> [--remote]`: recomputes a campaign's delivery
 * ledger from the database — every leaf from its fields, every day's tree and chained root
 * from the leaves — and compares them with the roots sealed (published) for finished days.
 * Prints each day, then each difference; exits 1 when there is any.
 */
import * as v from 'valibot';
import { campaignIdStatement, ledgerDaysStatement, ledgerLeavesStatement } from '../src/db/ledger';
import type { Statement } from '../src/db/statements';
import { checkLedger } from '../src/lib/ledger-verify';

const hex = (n: number) => v.pipe(v.string(), v.regex(new RegExp(`^[0-9a-f]{${n}}$`)));
const LeafRow = v.object({ receiptId: v.string(), target: v.string(), day: v.string(), textSha256: v.string(), leaf: v.string() });
const DayRow = v.object({ day: v.string(), leaves: v.number(), merkleRoot: hex(64), previousRoot: hex(64), root: hex(64) });

/** Runs the check; `run` executes statements where the CLI points (local or --remote) and returns their rows. */
export async function verifyLedger(slug: string | undefined, run: (statements: Statement[]) => unknown[][], where: string): Promise<number> {
  if (!slug) {
    console.error('Name a campaign: npm run campaign -- verify-ledger <slug> [--remote]');
    return 1;
  }
  const [found = [], leafRows = [], dayRows = []] = run([campaignIdStatement(slug), ledgerLeavesStatement(slug), ledgerDaysStatement(slug)]);
  if (found.length === 0) {
    console.error(`There is no campaign "${slug}" in the ${where} database.`);
    return 1;
  }
  const leaves = v.parse(v.array(LeafRow), leafRows);
  const sealed = v.parse(v.array(DayRow), dayRows);
  const check = await checkLedger(slug, leaves, sealed);
  console.log(`Delivery ledger of ${slug} in the ${where} database: ${leaves.length} leaves over ${check.days.length} days, ${sealed.length} sealed.`);
  const sealedRoots = new Map(sealed.map((d) => [d.day, d.root]));
  for (const d of check.days) {
    const state = sealedRoots.has(d.day) ? (sealedRoots.get(d.day) === d.root ? 'sealed, matches' : 'sealed, DIFFERS') : 'not sealed yet';
    console.log(`  ${d.day}  ${String(d.leaves).padStart(6)} delivered  root ${d.root}  ${state}`);
  }
  if (check.differences.length === 0) {
    console.log('OK: every sealed root is what its leaves give, and each day commits to the one before.');
    return 0;
  }
  console.error(`\n${check.differences.length} difference(s):`);
  for (const d of check.differences) console.error(`  ${d}`);
  return 1;
}
