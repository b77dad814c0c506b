/** `npm run campaign -- new <slug>`: a campaign file to edit, valid as written. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { CampaignSlug } from '../../src/schemas/campaign-file';
import { campaignTemplateText } from './campaign-template';
import { CliError } from './cli';

/** Writes `campaigns/<slug>.json` from the template; never overwrites a file. Returns its path. */
export function newCampaign(slug: string | undefined, dir = 'campaigns'): string {
  if (!slug) throw new CliError('Name the new campaign: npm run campaign -- new <slug>, e.g. new my-campaign');
  const checked = v.safeParse(CampaignSlug, slug);
  if (!checked.success) throw new CliError(`"${slug}" cannot be a campaign slug: it ${checked.issues[0]?.message ?? 'is not valid'} (e.g. my-campaign).`);
  const path = join(dir, `${slug}.json`);
  mkdirSync(dir, { recursive: true });
  try {
    // "wx": fails if the file exists, in the same call that would create it.
    writeFileSync(path, campaignTemplateText(slug), { flag: 'wx' });
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EEXIST') throw new CliError(`${path} already exists; pick another slug or edit that file.`);
    throw err;
  }
  return path;
}
