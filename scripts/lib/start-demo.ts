/**
 * `npm start`'s demo campaign: pushed when the local database lacks it or its file changed
 * since it was last pushed, and never over edits made in the browser unless `--force` says so:
 * a start goes on either way, saying what it skipped.
 */
import { readCampaign } from './campaign-file-reader';
import { pushLocal } from './campaign-push';
import { readStoredLocal } from './campaign-stored';
import { demoStep } from './demo-step';
import { withLocalDb } from './local-d1';
import { lastPushed, recordPushed } from './push-record';

/** Loads the demo campaign into the local database; the line `npm start` prints about it. */
export async function loadDemo(path: string, persistTo: string | undefined, force: boolean): Promise<string> {
  const { file, hash } = readCampaign(path);
  const what = `Campaign “${file.title}” (${file.slug}, ${file.targets.length} targets)`;
  const where = persistTo ? `the local database in ${persistTo}` : 'the local database';
  return withLocalDb(persistTo, async (db) => {
    const stored = await readStoredLocal(db, file.slug);
    const step = demoStep({ path, file, hash, stored, last: lastPushed(persistTo, file.slug), force });
    if (!step.push) {
      if (stored?.sourceHash === hash) recordPushed(persistTo, file.slug, hash);
      return step.say === 'unchanged' ? `${what} is unchanged in ${where}.` : `${what}: ${step.say}`;
    }
    const changed = await pushLocal(db, file, hash, step.force);
    recordPushed(persistTo, file.slug, hash);
    if (!changed) return `${what} is unchanged in ${where}.`;
    return `${what} pushed to ${where}${step.force && stored ? ' (--force: over any edits made in the browser)' : ''}.`;
  });
}
