/**
 * Files and the browser agree: `pull` writes the database's campaign file to
 * campaigns/<slug>.json, and `push` refuses to overwrite a campaign edited in the browser
 * (or through the API) since the last push or pull, naming the fields that differ.
 *
 * How "edited in the browser since" is known: every browser or API edit stores the hash
 * `web:<sha256>`; a push stores the file's plain hash, and a pull stores the plain hash of
 * the file it wrote. So a `web:` hash means someone edited after the last push or pull.
 */
import { createHash } from 'node:crypto';
import { WEB_HASH_PREFIX } from '../../src/db/campaign-files';
import type { CampaignFile } from '../../src/schemas/campaign-file';
import { changedFields } from '../../src/schemas/campaign-file-diff';
import type { Stored } from './campaign-stored';

/** The hash `push` stores for a file: of the schema's output, as readCampaign computes it. */
export function fileHash(file: CampaignFile): string {
  return createHash('sha256').update(JSON.stringify(file)).digest('hex');
}

/**
 * Why a push must not go ahead, or null when it may: the stored campaign was edited in the
 * browser since the last push or pull, and differs from the file. `urlFlag` (` --url …`)
 * goes into the command it suggests.
 */
export function pushRefusal(stored: Stored | null, local: CampaignFile, urlFlag = ''): string | null {
  if (!stored?.sourceHash.startsWith(WEB_HASH_PREFIX)) return null;
  const fields = changedFields(stored.file, local);
  if (fields.length === 0) return null;
  return `Campaign ${local.slug} was edited in the browser since its last push; these fields differ from your file: ${fields.join(', ')}.\n` +
    `Take the browser's version with  npm run campaign -- pull ${local.slug}${urlFlag}  (then edit and push), or overwrite it with --force.`;
}

/** The text `pull` writes: the file as JSON with two-space indents and a final newline. */
export function pulledText(file: CampaignFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
