/** The campaign a database holds, with its stored hash: what `push` compares and `pull` writes. */
import * as v from 'valibot';
import { fileFromStored, storedFileStatement } from '../../src/db/campaign-files';
import { type CampaignFile, CampaignFileError, parseCampaignFile } from '../../src/schemas/campaign-file';
import { callApi } from './api-client';
import { CliError } from './cli-error';
import type { Remote } from './where';

/** A stored campaign file and the hash stored with it (`web:…` after an edit in the browser). */
export type Stored = { file: CampaignFile; sourceHash: string };

const Row = v.object({ file: v.nullable(v.string()), source_hash: v.string(), status: v.string(), draft: v.number(), closes_at: v.nullable(v.number()), rebuilt: v.string(), pickets: v.string() });

/** The campaign in the local database, or null when it has none of that slug. */
export async function readStoredLocal(db: D1Database, slug: string): Promise<Stored | null> {
  const s = storedFileStatement(slug);
  const row = await db.prepare(s.sql).bind(...s.params).first();
  if (row === null) return null;
  const parsed = v.parse(Row, row);
  return { file: fileFromStored(parsed), sourceHash: parsed.source_hash };
}

/** The campaign as the Worker's API hands it out (its hash is the ETag), or null on a 404. */
export async function readStoredRemote(r: Remote, slug: string): Promise<Stored | null> {
  const answer = await callApi(r, 'GET', `/api/admin/campaigns/${encodeURIComponent(slug)}`, { expect: [200, 404] });
  if (answer.status === 404) return null;
  const sourceHash = /^"(.*)"$/.exec(answer.headers.get('etag') ?? '')?.[1];
  if (sourceHash === undefined) throw new CliError(`${r.origin} answered the campaign without its ETag: is it running this version of Solidarity?`);
  try {
    return { file: parseCampaignFile(answer.body), sourceHash };
  } catch (err) {
    if (err instanceof CampaignFileError) throw new CliError(`${r.origin} answered a campaign this version cannot read:\n${err.problems.map((p) => `  ${p}`).join('\n')}`);
    throw err;
  }
}
