/**
 * The operator's tool for campaign files.
 *
 *   npm run campaign -- push campaigns/<file>.json [--remote]   upsert a campaign (local D1 by default)
 *   npm run campaign -- validate campaigns/<file>.json          check a file without writing anything
 *
 * `--persist-to DIR` is passed on to wrangler, for a local database kept elsewhere (tests).
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

/** Where the database is: `--remote`, or local (optionally under `--persist-to DIR`). */
function target(args: string[]): string[] {
  if (args.includes('--remote')) return ['--remote'];
  const at = args.indexOf('--persist-to');
  const dir = at >= 0 ? args[at + 1] : undefined;
  return dir ? ['--local', `--persist-to=${dir}`] : ['--local'];
}

function push(path: string | undefined, where: string[]): void {
  const { file, hash } = readCampaign(path);
  const dir = mkdtempSync(join(tmpdir(), 'solidarity-'));
  const sqlPath = join(dir, 'push.sql');
  try {
    writeFileSync(sqlPath, toSqlText(campaignUpsertStatements(file, hash, Date.now())));
    wrangler(['d1', 'execute', 'DB', ...where, `--file=${sqlPath}`, '--yes']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Pushed “${file.title}” (${file.slug}) with ${file.targets.length} targets to the ${where.includes('--remote') ? 'remote' : 'local'} database.`);
}

const [command, ...rest] = process.argv.slice(2);
const positional = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--persist-to');

switch (command) {
  case 'push':
    push(positional[0], target(rest));
    break;
  case 'validate': {
    const { file } = readCampaign(positional[0]);
    console.log(`${positional[0]} is valid: “${file.title}” with ${file.targets.length} targets.`);
    break;
  }
  default:
    fail('Usage: npm run campaign -- push <file.json> [--remote] | validate <file.json>');
}
