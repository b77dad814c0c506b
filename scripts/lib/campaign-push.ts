/** Pushing a campaign file to a database, told in one sentence. */
import * as v from 'valibot';
import { auditBySlugStatement, fileFromStored } from '../../src/db/campaign-files';
import { campaignUpsertStatements } from '../../src/db/campaign-upsert';
import { TOTAL_CHANGES } from '../../src/db/statements';
import { changedFields } from '../../src/schemas/campaign-file-diff';
import { readCampaign } from './campaign-file-reader';
import { readStored } from './campaign-sync';
import { pushRefusal, unchangedSinceStatement } from './campaign-sync-rules';
import { CliError } from './cli';
import { describeTarget, execute } from './d1';
import { type Target, WranglerFailed } from './wrangler';

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
 * returns the sentence that says what happened. Without `force`, refuses to overwrite a
 * campaign edited in the browser since the last push or pull (see campaign-sync.ts).
 */
export async function pushCampaign(path: string, t: Target, verbose = false, force = false): Promise<string> {
  const { file, hash } = readCampaign(path);
  const stored = await readStored(file.slug, t);
  const refusal = force ? null : pushRefusal(stored, file);
  if (refusal) throw new CliError(refusal);
  const now = Date.now();
  const fields = changedFields(stored ? fileFromStored(stored) : null, file);
  const statements = [
    TOTAL_CHANGES,
    ...(force ? [] : [unchangedSinceStatement(file.slug, stored?.source_hash ?? null)]),
    ...campaignUpsertStatements(file, hash, now),
    ...(fields.length > 0 ? [auditBySlugStatement(file.slug, 'cli', stored ? 'campaign.push' : 'campaign.create', { fields }, now)] : []),
    TOTAL_CHANGES,
  ];
  let rows: unknown[][];
  try {
    rows = await execute(statements, t, verbose);
  } catch (err) {
    if (err instanceof WranglerFailed && /CHECK constraint failed/.test(err.output)) {
      throw new CliError(`Campaign ${file.slug} changed in the database while pushing; nothing was written. Push again to see what differs.`);
    }
    throw err;
  }
  const changes = changesOf(rows);
  const targets = file.targets.length === 1 ? '1 target' : `${file.targets.length} targets`;
  const what = `Campaign “${file.title}” (${file.slug}, ${targets})`;
  if (changes === 0) return `${what} is unchanged in ${describeTarget(t)}.`;
  return `${what} pushed to ${describeTarget(t)}.`;
}
