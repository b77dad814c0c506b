/**
 * Whether `npm start` pushes the demo file (no Node APIs, so tests run it): when the local
 * database lacks the campaign, when the file changed since its last push and nobody edited it
 * in the browser since, or with `--force`; otherwise it keeps the database's version and says why.
 */
import { WEB_HASH_PREFIX } from '../../src/db/campaign-files';
import type { CampaignFile } from '../../src/schemas/campaign-file';
import { changedFields } from '../../src/schemas/campaign-file-diff';
import type { Stored } from './campaign-stored';

/** What to do with the demo file: push it (and how), or keep the database's version. */
export type DemoStep = { push: false; say: string } | { push: true; force: boolean };

/** The decision, from the stored campaign, the file, and the hash of the file last pushed. */
export function demoStep(input: { path: string; file: CampaignFile; hash: string; stored: Stored | null; last: string | null; force: boolean }): DemoStep {
  const { path, file, hash, stored, last, force } = input;
  if (!stored || force) return { push: true, force };
  const edited = stored.sourceHash !== hash && stored.sourceHash.startsWith(WEB_HASH_PREFIX);
  if (last === hash || stored.sourceHash === hash) {
    return { push: false, say: edited ? `${path} is unchanged since its last push; the edits made in the browser are kept.` : 'unchanged' };
  }
  // As `push` would refuse: a browser edit that the file would undo.
  const fields = edited ? changedFields(stored.file, file) : [];
  if (fields.length === 0) return { push: true, force: false };
  return {
    push: false,
    say: `${path} changed since its last push, and the campaign was edited in the browser too (${fields.join(', ')} differ): ` +
      'the browser\'s version is kept and the file was not pushed.\n    To push the file over it:  npm start -- --force',
  };
}
