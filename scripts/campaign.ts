/**
 * The operator's tool for campaign files.
 *
 *   npm run campaign -- push campaigns/<file>.json [--remote]   upsert a campaign (local D1 by default)
 *   npm run campaign -- push campaigns/<file>.json --persist-to DIR   a local D1 kept in DIR (browser tests)
 *   npm run campaign -- validate campaigns/<file>.json          check a file without writing anything
 *
 * Pushing writes SQL through `wrangler d1 execute`, so the same command works for the
 * local database and the deployed one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignUpsertStatements } from '../src/db/campaigns';
import { toSqlText } from '../src/db/statements';
import { type CampaignFile, parseCampaignFile } from '../src/schemas/campaign-file';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readCampaign(path: string | undefined): { file: CampaignFile; hash: string } {
  if (!path) fail('Name a campaign file, e.g. campaigns/zhanaozen-solidarity.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(`${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const file = parseCampaignFile(json);
    return { file, hash: createHash('sha256').update(JSON.stringify(file)).digest('hex') };
  } catch (err) {
    fail(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function wrangler(args: string[]): void {
  try {
    execFileSync('npx', ['wrangler', ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const out = err && typeof err === 'object' && 'stderr' in err ? String(err.stderr) + String('stdout' in err ? err.stdout : '') : '';
    fail(`wrangler ${args.join(' ')} failed:\n${out}`);
  }
}

function push(path: string | undefined, remote: boolean, persistTo: string | undefined): void {
  const { file, hash } = readCampaign(path);
  const dir = mkdtempSync(join(tmpdir(), 'solidarity-'));
  const sqlPath = join(dir, 'push.sql');
  try {
    writeFileSync(sqlPath, toSqlText(campaignUpsertStatements(file, hash, Date.now())));
    const where = remote ? ['--remote'] : ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
    wrangler(['d1', 'execute', 'DB', ...where, `--file=${sqlPath}`, '--yes']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Pushed “${file.title}” (${file.slug}) with ${file.targets.length} targets to the ${remote ? 'remote' : 'local'} database.`);
}

const [command, ...rest] = process.argv.slice(2);
const remote = rest.includes('--remote');
const persistAt = rest.indexOf('--persist-to');
const persistTo = persistAt >= 0 ? rest[persistAt + 1] : undefined;
if (persistAt >= 0 && (!persistTo || remote)) fail('--persist-to takes a directory, and only for the local database');
const positional = rest.filter((a, i) => !a.startsWith('--') && !(persistAt >= 0 && i === persistAt + 1));

switch (command) {
  case 'push':
    push(positional[0], remote, persistTo);
    break;
  case 'validate': {
    const { file } = readCampaign(positional[0]);
    console.log(`${positional[0]} is valid: “${file.title}” with ${file.targets.length} targets.`);
    break;
  }
  default:
    fail('Usage: npm run campaign -- push <file.json> [--remote | --persist-to DIR] | validate <file.json>');
}
