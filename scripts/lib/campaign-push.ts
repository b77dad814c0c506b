/** Pushing a campaign file to the local database or to a deployed Worker, told in one sentence. */
import * as v from 'valibot';
import { auditBySlugStatement, failedUnchangedSince, unchangedSinceStatement } from '../../src/db/campaign-files';
import { campaignUpsertStatements } from '../../src/db/campaign-upsert';
import { runBatch } from '../../src/db/statements';
import type { CampaignFile } from '../../src/schemas/campaign-file';
import { changedFields } from '../../src/schemas/campaign-file-diff';
import { bodyOf, callApi } from './api-client';
import { readCampaign } from './campaign-file-reader';
import { readStoredLocal, readStoredRemote } from './campaign-stored';
import { pushRefusal } from './campaign-sync-rules';
import { CliError } from './cli-error';
import { changesOf, withLocalDb } from './local-d1';
import { recordPushed } from './push-record';
import { describeWhere, type Remote, type Where } from './where';

const CHANGED_MEANWHILE = (slug: string) => `Campaign ${slug} changed in the database while pushing; nothing was written. Push again to see what differs.`;

/**
 * Upserts `file` in the local database in one batch; true when it changed anything. Without
 * `force`, refuses to overwrite edits made in the browser since the last push or pull.
 */
export async function pushLocal(db: D1Database, file: CampaignFile, hash: string, force: boolean): Promise<boolean> {
  const stored = await readStoredLocal(db, file.slug);
  const refusal = force ? null : pushRefusal(stored, file);
  if (refusal) throw new CliError(refusal);
  const now = Date.now();
  const fields = changedFields(stored?.file ?? null, file);
  const statements = [
    ...(force ? [] : [unchangedSinceStatement(file.slug, stored?.sourceHash ?? null)]),
    ...campaignUpsertStatements(file, hash, now),
    ...(fields.length > 0 ? [auditBySlugStatement(file.slug, 'cli', stored ? 'campaign.push' : 'campaign.create', { fields }, now)] : []),
  ];
  try {
    return changesOf(await runBatch(db, statements)) > 0;
  } catch (err) {
    if (failedUnchangedSince(err)) throw new CliError(CHANGED_MEANWHILE(file.slug));
    throw err;
  }
}

const Saved = v.object({ slug: v.string(), changed: v.array(v.string()) });

/** Creates or updates the campaign through the Worker's API (the browser editor's path); true when it changed anything. */
export async function pushRemote(r: Remote, file: CampaignFile, force: boolean): Promise<boolean> {
  const stored = await readStoredRemote(r, file.slug);
  const source = { 'x-campaign-source': 'file' };
  if (!stored) {
    const created = await callApi(r, 'POST', '/api/admin/campaigns', { body: file, headers: source, expect: [201, 403] });
    if (created.status === 403) {
      throw new CliError(`There is no campaign "${file.slug}" at ${r.origin}, and SOLIDARITY_TOKEN may not create one.\n` +
        `Creating a campaign takes the Worker's ADMIN_TOKEN (npm run campaign -- bootstrap says how) or an admin signed in at ${r.origin}/admin.`);
    }
    return true;
  }
  const refusal = force ? null : pushRefusal(stored, file, ` --url ${r.origin}`);
  if (refusal) throw new CliError(refusal);
  const ifMatch: Record<string, string> = force ? {} : { 'if-match': `"${stored.sourceHash}"` };
  const saved = await callApi(r, 'PUT', `/api/admin/campaigns/${encodeURIComponent(file.slug)}`, { body: file, headers: { ...source, ...ifMatch }, expect: [200, 409] });
  if (saved.status === 409) throw new CliError(CHANGED_MEANWHILE(file.slug));
  return bodyOf(Saved, saved, 'the saved campaign').changed.length > 0;
}

/**
 * `npm run campaign -- push <file>`: upserts the campaign in `path` where `w` points
 * (idempotent: the same file twice changes nothing) and says what happened.
 */
export async function pushCampaign(path: string, w: Where, force = false): Promise<string> {
  const { file, hash } = readCampaign(path);
  const changed = w.kind === 'remote'
    ? await pushRemote(w, file, force)
    : await withLocalDb(w.persistTo, async (db) => {
        const result = await pushLocal(db, file, hash, force);
        recordPushed(w.persistTo, file.slug, hash);
        return result;
      });
  const targets = file.targets.length === 1 ? '1 target' : `${file.targets.length} targets`;
  const what = `Campaign “${file.title}” (${file.slug}, ${targets})`;
  return changed ? `${what} pushed to ${describeWhere(w)}.` : `${what} is unchanged in ${describeWhere(w)}.`;
}
