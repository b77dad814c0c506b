/** `pull` and the stored campaign `push` compares with; the rules are in campaign-sync-rules.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { fileFromStored, type StoredFileRow, storedFileStatement } from '../../src/db/campaign-files';
import { parseCampaignFile } from '../../src/schemas/campaign-file';
import { fileHash, markPulledStatement, pulledText } from './campaign-sync-rules';
import { CliError } from './cli';
import { describeTarget, execute } from './d1';
import type { Target } from './wrangler';

const Row = v.object({ file: v.nullable(v.string()), source_hash: v.string(), status: v.string(), draft: v.number(), closes_at: v.nullable(v.number()), rebuilt: v.string(), pickets: v.string() });

/** The stored campaign, or null when the database has none of that slug. */
export async function readStored(slug: string, t: Target): Promise<StoredFileRow | null> {
  const [rows = []] = await execute([storedFileStatement(slug)], t);
  return rows[0] === undefined ? null : v.parse(Row, rows[0]);
}

/** `npm run campaign -- pull <slug>`: writes campaigns/<slug>.json from the database. */
export async function pullCampaign(slug: string | undefined, t: Target, dir = 'campaigns'): Promise<string> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- pull <slug> [--remote]');
  const stored = await readStored(slug, t);
  if (!stored) throw new CliError(`There is no campaign "${slug}" in ${describeTarget(t)}.`);
  const file = parseCampaignFile(fileFromStored(stored));
  const path = join(dir, `${slug}.json`);
  writeFileSync(path, pulledText(file));
  await execute([markPulledStatement(slug, stored.source_hash, fileHash(file))], t);
  return `Wrote ${path} from ${describeTarget(t)}.`;
}
