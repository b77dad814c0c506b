/** Reading a campaign file from disk, with errors a person can act on. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CampaignFile, CampaignFileError, parseCampaignFile } from '../../src/schemas/campaign-file';
import { CliError } from './cli';
import { jsonErrorAt } from './json-error';

/** A parsed, valid campaign file and the hash of its content (what a push compares). */
export type ReadCampaign = { file: CampaignFile; hash: string };

/** Reads, parses and validates a campaign file; throws a `CliError` listing every problem. */
export function readCampaign(path: string | undefined): ReadCampaign {
  if (!path) throw new CliError('Name a campaign file, e.g. campaigns/zhanaozen-solidarity.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') throw new CliError(`There is no file ${path}.`);
    throw new CliError(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${jsonErrorAt(text, err instanceof Error ? err.message : String(err))}`);
  }
  let file: CampaignFile;
  try {
    file = parseCampaignFile(json);
  } catch (err) {
    if (!(err instanceof CampaignFileError)) throw err;
    const count = err.problems.length === 1 ? 'one problem' : `${err.problems.length} problems`;
    throw new CliError(`${path} is not a valid campaign file (${count}):\n${err.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  // The schema checks the image path's shape; only here can the file itself be checked.
  if (file.image?.startsWith('/') && !existsSync(join('public', file.image))) {
    throw new CliError(`${path} is not a valid campaign file (one problem):\n  image: ${file.image} is not a file under public/`);
  }
  return { file, hash: createHash('sha256').update(JSON.stringify(file)).digest('hex') };
}
