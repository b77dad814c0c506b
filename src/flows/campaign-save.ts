import { auditBySlugStatement, createGuardStatement, failedUnchangedSince, unchangedSinceStatement, WEB_HASH_PREFIX } from '../db/campaign-files';
import { forgetCachedCampaign } from '../db/campaign-cache';
import { campaignUpsertStatements } from '../db/campaign-upsert';
import { runBatch, type Statement } from '../db/statements';
import { AppError } from '../errors';
import { toHex } from '../lib/crypto';
import type { CampaignFile } from '../schemas/campaign-file';
import { changedFields } from '../schemas/campaign-file-diff';

/** The hash an edit from the browser or the API stores: the file's, as `push` hashes it, marked `web:`. */
export async function webHash(file: CampaignFile): Promise<string> {
  return `${WEB_HASH_PREFIX}${await plainFileHash(file)}`;
}

export type SaveInput = {
  file: CampaignFile;
  /** The stored file; null when creating. */
  before: CampaignFile | null;
  actor: string;
  /** The audit action, e.g. `campaign.edit`, `organiser.add`. */
  action: string;
  /** More statements for the same batch, after the campaign's (e.g. a sign-in link's). */
  extra?: Statement[];
  /**
   * A push of a file from the command line (over the API): its plain hash, stored instead of
   * a `web:` one, as a local push stores it, so a later push knows nobody edited since.
   */
  fileHash?: string;
  /** The hash stored when the writer read the campaign (null: there was none); set, the write fails whole (409) if it changed. */
  seenHash?: string | null;
};

/** The plain hash of a file, as `push` stores it: SHA-256 of the schema's output as JSON. */
export async function plainFileHash(file: CampaignFile): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(file))));
}

/**
 * Writes a campaign file and its audit entry (who, which fields) in one batch; a create
 * fails whole (409) if the slug was taken meanwhile. An edit that changes nothing writes
 * nothing. Returns the changed fields; the caller purges the public cache.
 */
export async function saveCampaignFile(db: D1Database, input: SaveInput, now = Date.now()): Promise<string[]> {
  const { file, before, actor, action } = input;
  const fields = changedFields(before, file);
  // A push of the file the database holds still writes its hash when a `web:` one was there.
  const rehash = input.fileHash !== undefined && input.fileHash !== input.seenHash;
  if (fields.length === 0 && !input.extra?.length && !rehash) return [];
  const statements = [
    ...(input.seenHash !== undefined ? [unchangedSinceStatement(file.slug, input.seenHash)] : []),
    ...(before ? [] : [createGuardStatement(file.slug, now)]),
    ...campaignUpsertStatements(file, input.fileHash ?? (await webHash(file)), now),
    auditBySlugStatement(file.slug, actor, action, { fields }, now),
    ...(input.extra ?? []),
  ];
  try {
    await runBatch(db, statements);
  } catch (err) {
    if (input.seenHash !== undefined && failedUnchangedSince(err)) throw new AppError('conflict', 'error.editor.changedMeanwhile');
    if (!before && err instanceof Error && /UNIQUE constraint failed: campaigns\.slug/.test(err.message)) {
      throw new AppError('conflict', 'error.editor.slugTaken', [{ field: 'slug', key: 'error.editor.slugTaken' }]);
    }
    throw err;
  }
  forgetCachedCampaign(file.slug);
  return fields;
}
