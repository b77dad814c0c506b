/**
 * `npm run campaign -- verify-ledger <slug> [--remote]`: recomputes a campaign's delivery
 * ledger from the database — every leaf from its fields, every day's tree and chained root
 * from the leaves — and compares them with the roots sealed (published) for finished days.
 * Prints each day, then each difference, and fails (exit 1) when there is any.
 */
import * as v from 'valibot';
import { campaignIdStatement, ledgerDaysStatement, ledgerLeavesStatement } from '../../src/db/ledger';
import { type Statement, toSqlText } from '../../src/db/statements';
import { checkLedger } from '../../src/lib/ledger-verify';
import { CliError } from './cli';
import { describeTarget } from './d1';
import { runWrangler, type Target, whereArgs } from './wrangler';

const hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const LeafRow = v.object({ receiptId: v.string(), target: v.string(), day: v.string(), textSha256: v.string(), leaf: v.string() });
const DayRow = v.object({ day: v.string(), leaves: v.number(), merkleRoot: hex, previousRoot: hex, root: hex });
const Output = v.array(v.object({ results: v.array(v.unknown()) }));

// One statement per `--command`: unlike `--file`, it answers with its rows on --remote too.
async function rows(statement: Statement, t: Target, verbose: boolean): Promise<unknown[]> {
  const sql = toSqlText([statement]).trim().replace(/;$/, '');
  const out = await runWrangler(['d1', 'execute', 'DB', ...whereArgs(t), '--command', sql, '--json'], { verbose });
  const parsed = v.safeParse(Output, JSON.parse(out.slice(out.indexOf('['))));
  if (!parsed.success) throw new CliError(`wrangler d1 execute printed something other than results:\n${out}`);
  return parsed.output.flatMap((r) => r.results);
}

/** Checks one campaign's ledger where `t` points; throws (exit 1) on any difference. */
export async function verifyLedger(slug: string | undefined, t: Target, verbose = false): Promise<void> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- verify-ledger <slug> [--remote]');
  if ((await rows(campaignIdStatement(slug), t, verbose)).length === 0) throw new CliError(`There is no campaign "${slug}" in ${describeTarget(t)}.`);
  const leaves = v.parse(v.array(LeafRow), await rows(ledgerLeavesStatement(slug), t, verbose));
  const sealed = v.parse(v.array(DayRow), await rows(ledgerDaysStatement(slug), t, verbose));
  const check = await checkLedger(slug, leaves, sealed);
  console.log(`Delivery ledger of ${slug} in ${describeTarget(t)}: ${leaves.length} leaves over ${check.days.length} days, ${sealed.length} sealed.`);
  const sealedRoots = new Map(sealed.map((d) => [d.day, d.root]));
  for (const d of check.days) {
    const state = sealedRoots.has(d.day) ? (sealedRoots.get(d.day) === d.root ? 'sealed, matches' : 'sealed, DIFFERS') : 'not sealed yet';
    console.log(`  ${d.day}  ${String(d.leaves).padStart(6)} delivered  root ${d.root}  ${state}`);
  }
  if (check.differences.length > 0) {
    throw new CliError(`${check.differences.length} difference(s) between the leaves and the sealed roots:\n${check.differences.map((d) => `  ${d}`).join('\n')}`);
  }
  console.log('OK: every sealed root is what its leaves give, and each day commits to the one before.');
}
