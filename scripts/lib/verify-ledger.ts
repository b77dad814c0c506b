/**
 * `npm run campaign -- verify-ledger <slug> [--url https://HOST]`: recomputes a campaign's
 * delivery ledger — every leaf from its fields, every day's tree and chained root from the
 * leaves — and compares them with the roots sealed (published) for finished days. Reads the
 * local database, or the Worker's API a page at a time. Prints each day, then each
 * difference, and fails (exit 1) when there is any.
 */
import * as v from 'valibot';
import { listSealedDays } from '../../src/db/ledger';
import { cursorAfter, type LeafCursor, ledgerLeavesPage } from '../../src/db/ledger-pages';
import { checkLedger } from '../../src/lib/ledger-verify';
import { bodyOf, callApi } from './api-client';
import { CliError } from './cli-error';
import { withLocalDb } from './local-d1';
import { describeWhere, type Remote, type Where } from './where';

const hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const LeafRow = v.object({ receiptId: v.string(), target: v.string(), day: v.string(), seq: v.optional(v.nullable(v.number())), textSha256: v.string(), leaf: v.string() });
const DayRow = v.object({ day: v.string(), leaves: v.number(), merkleRoot: hex, previousRoot: hex, root: hex });
const Page = v.object({ leaves: v.array(LeafRow), sealed: v.array(DayRow), next: v.nullable(v.string()) });
type Ledger = { leaves: v.InferOutput<typeof LeafRow>[]; sealed: v.InferOutput<typeof DayRow>[] };

async function readRemote(r: Remote, slug: string): Promise<Ledger | null> {
  const ledger: Ledger = { leaves: [], sealed: [] };
  let after: string | null = null;
  do {
    const query: string = after === null ? '' : `?after=${encodeURIComponent(after)}`;
    const answer = await callApi(r, 'GET', `/api/admin/campaigns/${encodeURIComponent(slug)}/ledger${query}`, { expect: [200, 404] });
    if (answer.status === 404) return null;
    const page = bodyOf(Page, answer, 'a page of the ledger');
    ledger.leaves.push(...page.leaves);
    if (after === null) ledger.sealed = page.sealed;
    after = page.next;
  } while (after !== null);
  return ledger;
}

function readLocal(persistTo: string | undefined, slug: string): Promise<Ledger | null> {
  return withLocalDb(persistTo, async (db) => {
    const id = await db.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(slug).first<number>('id');
    if (id === null) return null;
    const ledger: Ledger = { leaves: [], sealed: v.parse(v.array(DayRow), await listSealedDays(db, id)) };
    let after: LeafCursor | null = null;
    do {
      const page = await ledgerLeavesPage(db, id, after);
      ledger.leaves.push(...page);
      after = cursorAfter(page);
    } while (after !== null);
    return ledger;
  });
}

/** Checks one campaign's ledger where `w` points; throws (exit 1) on any difference. */
export async function verifyLedger(slug: string | undefined, w: Where): Promise<void> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- verify-ledger <slug> [--url https://HOST]');
  const ledger = w.kind === 'remote' ? await readRemote(w, slug) : await readLocal(w.persistTo, slug);
  if (!ledger) throw new CliError(`There is no campaign "${slug}" in ${describeWhere(w)}.`);
  const { leaves, sealed } = ledger;
  const check = await checkLedger(slug, leaves, sealed);
  console.log(`Delivery ledger of ${slug} in ${describeWhere(w)}: ${leaves.length} leaves over ${check.days.length} days, ${sealed.length} sealed.`);
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
