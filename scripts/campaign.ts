/**
 * The operator's tool for campaign files.
 *
 *   npm run campaign -- push campaigns/<file>.json [--remote]   upsert a campaign (local D1 by default)
 *   npm run campaign -- validate campaigns/<file>.json          check a file without writing anything
 *   npm run campaign -- token <slug> [--label text] [--remote]  make an API token (printed once)
 *   npm run campaign -- tokens <slug> [--remote]                list a campaign's API tokens
 *   npm run campaign -- revoke <slug> <token id> [--remote]     revoke an API token
 *   npm run campaign -- verify-ledger <slug> [--remote]         recompute the delivery ledger, report differences
 *
 * `--persist-to <dir>` passes through to wrangler for a local database kept elsewhere
 * (the browser tests use a fresh one).
 *
 * Pushing writes SQL through `wrangler d1 execute`, so the same command works for the
 * local database and the deployed one.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { createTokenStatements, listTokensStatement, revokeTokenStatements } from '../src/db/api-tokens';
import { campaignUpsertStatements } from '../src/db/campaigns';
import { type Statement, toSqlText } from '../src/db/statements';
import { type CampaignFile, parseCampaignFile } from '../src/schemas/campaign-file';
import { verifyLedger } from './verify-ledger';

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

/** Where wrangler writes: `--remote`, or the local database (optionally under `--persist-to`). */
type Target = { remote: boolean; persistTo: string | undefined };

function whereArgs(t: Target): string[] {
  if (t.remote) return ['--remote'];
  return t.persistTo ? ['--local', `--persist-to=${t.persistTo}`] : ['--local'];
}

function wrangler(args: string[]): string {
  try {
    return execFileSync('npx', ['wrangler', ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const out = err && typeof err === 'object' && 'stderr' in err ? String(err.stderr) + String('stdout' in err ? err.stdout : '') : '';
    fail(`wrangler ${args.join(' ')} failed:\n${out}`);
  }
}

/** Runs statements through `wrangler d1 execute --json`; returns the rows of each statement. */
function execute(statements: Statement[], t: Target): unknown[][] {
  const dir = mkdtempSync(join(tmpdir(), 'solidarity-'));
  const sqlPath = join(dir, 'run.sql');
  try {
    writeFileSync(sqlPath, toSqlText(statements));
    const out = wrangler(['d1', 'execute', 'DB', ...whereArgs(t), `--file=${sqlPath}`, '--yes', '--json']);
    const parsed: unknown = JSON.parse(out.slice(out.indexOf('[')));
    if (!Array.isArray(parsed)) fail(`unexpected wrangler output: ${out}`);
    return parsed.map((r: unknown) => (r && typeof r === 'object' && 'results' in r && Array.isArray(r.results) ? r.results : []));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function push(path: string | undefined, t: Target): void {
  const { file, hash } = readCampaign(path);
  execute(campaignUpsertStatements(file, hash, Date.now()), t);
  console.log(`Pushed “${file.title}” (${file.slug}) with ${file.targets.length} targets to the ${t.remote ? 'remote' : 'local'} database.`);
}

function makeToken(slug: string | undefined, label: string, t: Target): void {
  if (!slug) fail('Name a campaign: npm run campaign -- token <slug>');
  // 32 random bytes, URL-safe: the same shape as every other token here (43 characters).
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  const [rows] = execute(createTokenStatements(slug, hash, label.slice(0, 100), Date.now()), t);
  if (!rows || rows.length === 0) fail(`There is no campaign "${slug}" in the ${t.remote ? 'remote' : 'local'} database.`);
  console.log(`API token for ${slug} (shown once; only its hash is stored):\n\n  ${token}\n`);
  console.log(`Use it as:  curl -H "Authorization: Bearer ${token}" <origin>/api/admin/campaigns/${slug}/signatures.csv`);
}

const TokenRow = v.object({
  id: v.number(),
  label: v.string(),
  createdAt: v.number(),
  lastUsedAt: v.nullable(v.number()),
  revokedAt: v.nullable(v.number()),
});

function listTokens(slug: string | undefined, t: Target): void {
  if (!slug) fail('Name a campaign: npm run campaign -- tokens <slug>');
  const [rows = []] = execute([listTokensStatement(slug)], t);
  if (rows.length === 0) console.log(`No API tokens for ${slug}.`);
  const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  for (const row of rows) {
    const r = v.parse(TokenRow, row);
    console.log(`#${r.id}  ${r.label || '(no label)'}  made ${date(r.createdAt)}  last used ${date(r.lastUsedAt)}${r.revokedAt ? `  REVOKED ${date(r.revokedAt)}` : ''}`);
  }
}

function revoke(slug: string | undefined, id: string | undefined, t: Target): void {
  if (!slug || !id || !/^\d+$/.test(id)) fail('Usage: npm run campaign -- revoke <slug> <token id>');
  const [rows] = execute(revokeTokenStatements(slug, Number(id), Date.now()), t);
  if (!rows || rows.length === 0) fail(`No live token #${id} for ${slug}.`);
  console.log(`Revoked token #${id} of ${slug}.`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { remote: { type: 'boolean', default: false }, 'persist-to': { type: 'string' }, label: { type: 'string', default: '' } },
});
const [command, ...rest] = positionals;
const target: Target = { remote: values.remote, persistTo: values['persist-to'] };
if (target.remote && target.persistTo) fail('--remote and --persist-to do not go together');

switch (command) {
  case 'push':
    push(rest[0], target);
    break;
  case 'validate': {
    const { file } = readCampaign(rest[0]);
    console.log(`${rest[0]} is valid: “${file.title}” with ${file.targets.length} targets.`);
    break;
  }
  case 'token':
    makeToken(rest[0], values.label, target);
    break;
  case 'tokens':
    listTokens(rest[0], target);
    break;
  case 'revoke':
    revoke(rest[0], rest[1], target);
    break;
  case 'verify-ledger':
    process.exitCode = await verifyLedger(rest[0], (statements) => execute(statements, target), target.remote ? 'remote' : 'local');
    break;
  default:
    fail('Usage: npm run campaign -- push <file.json> | validate <file.json> | token <slug> [--label text] | tokens <slug> | revoke <slug> <id> | verify-ledger <slug>  [--remote | --persist-to dir]');
}
