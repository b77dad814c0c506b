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
import { fileFromStored, type StoredFileRow, WEB_HASH_PREFIX } from '../../src/db/campaign-files';
import type { Statement } from '../../src/db/statements';
import type { CampaignFile } from '../../src/schemas/campaign-file';
import { changedFields } from '../../src/schemas/campaign-file-diff';

/** The hash `push` stores for a file: of the schema's output, as readCampaign computes it. */
export function fileHash(file: CampaignFile): string {
  return createHash('sha256').update(JSON.stringify(file)).digest('hex');
}

/**
 * Why a push must not go ahead, or null when it may: the stored campaign was edited in the
 * browser since the last push or pull, and differs from the file.
 */
export function pushRefusal(stored: StoredFileRow | null, local: CampaignFile): string | null {
  if (!stored?.source_hash.startsWith(WEB_HASH_PREFIX)) return null;
  const fields = changedFields(fileFromStored(stored), local);
  if (fields.length === 0) return null;
  return `Campaign ${local.slug} was edited in the browser since its last push; these fields differ from your file: ${fields.join(', ')}.\n` +
    `Take the browser's version with  npm run campaign -- pull ${local.slug}  (then edit and push), or overwrite it with --force.`;
}

/**
 * Fails the push's batch (a CHECK on `draft`) when the campaign's hash changed after the push
 * read it: an edit in the browser between the check and the write is never overwritten.
 */
export function unchangedSinceStatement(slug: string, seenHash: string | null): Statement {
  return { sql: 'UPDATE campaigns SET draft = 2 WHERE slug = ?1 AND source_hash IS NOT ?2', params: [slug, seenHash] };
}

/** After a pull: the campaign counts as in step with the file written, unless it changed meanwhile. */
export function markPulledStatement(slug: string, seenHash: string, newHash: string): Statement {
  return { sql: 'UPDATE campaigns SET source_hash = ?3 WHERE slug = ?1 AND source_hash = ?2', params: [slug, seenHash, newHash] };
}

/** The text `pull` writes: the file as JSON with two-space indents and a final newline. */
export function pulledText(file: CampaignFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
