/** Fresh databases for the phases: a copy of the migrated template with signatures seeded (app stopped). */
import { freshCopy, sqliteFile } from './app';
import { SLUG } from './client';
import { campaignId, seedConfirmed } from './sqlite';

export type Db = { dir: string; file: string; campaign: number };

/** A copy of the template with `signatures` confirmed signatures of the demo campaign. */
export function seeded(template: string, signatures: number): Db {
  const dir = freshCopy(template);
  const file = sqliteFile(dir);
  const campaign = campaignId(file, SLUG);
  seedConfirmed(file, campaign, signatures);
  return { dir, file, campaign };
}
