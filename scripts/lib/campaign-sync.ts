/**
 * `npm run campaign -- pull <slug>`: writes the database's campaign file, never over a file
 * that says something else unless asked (`--force`): the demo file is tracked by git, and a
 * file may hold edits not pushed yet. `--out <file>` writes elsewhere, `--out -` to the terminal.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markPulledStatement } from '../../src/db/campaign-files';
import { parseCampaignFile } from '../../src/schemas/campaign-file';
import { changedFields } from '../../src/schemas/campaign-file-diff';
import { callApi } from './api-client';
import { readStoredLocal, readStoredRemote, type Stored } from './campaign-stored';
import { fileHash, pulledText } from './campaign-sync-rules';
import { CliError } from './cli-error';
import { withLocalDb } from './local-d1';
import { describeWhere, type Where } from './where';

/**
 * An existing file at `path` beside the database's version: absent or the same text, the same
 * campaign laid out otherwise, or the fields in which it differs (what `--force` would lose).
 */
function existing(path: string, text: string, stored: Stored): 'none' | 'same' | string[] {
  if (!existsSync(path)) return 'none';
  const current = readFileSync(path, 'utf8');
  if (current === text) return 'same';
  try {
    const fields = changedFields(parseCampaignFile(JSON.parse(current)), stored.file);
    return fields.length === 0 ? 'same' : fields;
  } catch {
    return ['(the file is not a valid campaign file)'];
  }
}

/** After a pull into the campaign's own file: the database counts as in step with it. */
async function markPulled(w: Where, stored: Stored): Promise<void> {
  if (w.kind === 'remote') {
    // The same file back with its plain hash: no field changes, the `web:` mark goes.
    await callApi(w, 'PUT', `/api/admin/campaigns/${encodeURIComponent(stored.file.slug)}`, {
      body: stored.file, headers: { 'x-campaign-source': 'file', 'if-match': `"${stored.sourceHash}"` }, expect: [200, 409],
    });
    return;
  }
  await withLocalDb(w.persistTo, async (db) => {
    const s = markPulledStatement(stored.file.slug, stored.sourceHash, fileHash(stored.file));
    await db.prepare(s.sql).bind(...s.params).run();
  });
}

/** Writes the campaign `slug` from where `w` points; returns the sentence that says so. */
export async function pullCampaign(slug: string | undefined, w: Where, options: { out?: string; force?: boolean } = {}): Promise<string> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- pull <slug> [--url https://HOST] [--out <file>]');
  const stored = w.kind === 'remote' ? await readStoredRemote(w, slug) : await withLocalDb(w.persistTo, (db) => readStoredLocal(db, slug));
  if (!stored) throw new CliError(`There is no campaign "${slug}" in ${describeWhere(w)}.`);
  const text = pulledText(stored.file);
  if (options.out === '-') {
    process.stdout.write(text);
    return '';
  }
  const own = join('campaigns', `${slug}.json`);
  const path = options.out ?? own;
  const found = existing(path, text, stored);
  if (Array.isArray(found) && !options.force) {
    throw new CliError(`${path} differs from the database's version in: ${found.join(', ')}; it was not overwritten.\n` +
      `Write the database's version elsewhere with  --out <file>  (or --out - for the terminal), or overwrite ${path} with --force.`);
  }
  // The same campaign is left as it is, in its own layout (the demo file is tracked by git).
  if (found !== 'same') writeFileSync(path, text);
  // Only the campaign's own file is what a later `push` sends: a copy elsewhere marks nothing.
  if (path === own) await markPulled(w, stored);
  return found === 'same' ? `${path} already holds the version in ${describeWhere(w)}; left as it is.` : `Wrote ${path} from ${describeWhere(w)}.`;
}
