/** Pushing a campaign file to a database, told in one sentence. */
import * as v from 'valibot';
import { campaignUpsertStatements } from '../../src/db/campaigns';
import { TOTAL_CHANGES } from '../../src/db/statements';
import { readCampaign } from './campaign-file-reader';
import { describeTarget, execute } from './d1';
import type { Target } from './wrangler';

const Changes = v.object({ changes: v.number() });
// What a remote `--file` run answers instead of per-statement rows.
const RemoteSummary = v.object({ 'Rows written': v.number() });

/** Rows the push changed: from `total_changes()` locally, from the import summary remotely. */
function changesOf(rows: unknown[][]): number | null {
  const before = v.safeParse(Changes, rows[0]?.[0]);
  const after = v.safeParse(Changes, rows.at(-1)?.[0]);
  if (before.success && after.success) return after.output.changes - before.output.changes;
  const summary = v.safeParse(RemoteSummary, rows[0]?.[0]);
  return summary.success ? summary.output['Rows written'] : null;
}

/**
 * Upserts the campaign in `path` (idempotent: the same file twice changes nothing) and
 * returns the sentence that says what happened.
 */
export async function pushCampaign(path: string, t: Target, verbose = false): Promise<string> {
  const { file, hash } = readCampaign(path);
  const statements = [TOTAL_CHANGES, ...campaignUpsertStatements(file, hash, Date.now()), TOTAL_CHANGES];
  const changes = changesOf(await execute(statements, t, verbose));
  const targets = file.targets.length === 1 ? '1 target' : `${file.targets.length} targets`;
  const what = `Campaign “${file.title}” (${file.slug}, ${targets})`;
  if (changes === 0) return `${what} is unchanged in ${describeTarget(t)}.`;
  return `${what} pushed to ${describeTarget(t)}.`;
}
