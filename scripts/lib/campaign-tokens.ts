/** API tokens for a campaign's exports: made, listed and revoked from the command line. */
import { createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { createTokenStatements, listTokensStatement, revokeTokenStatements } from '../../src/db/api-tokens';
import { TOKEN_SCOPES } from '../../src/lib/principal';
import { CliError } from './cli';
import { describeTarget, execute } from './d1';
import type { Target } from './wrangler';

/** Makes a token with its scope (read unless told) and prints it once; only its hash is stored. */
export async function makeToken(slug: string | undefined, label: string, scopeArg: string, t: Target): Promise<void> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- token <slug>');
  const scope = TOKEN_SCOPES.find((s) => s === scopeArg);
  if (!scope) throw new CliError(`--scope is read (exports, the default) or edit (content too); never organisers or tokens.`);
  // 32 random bytes, URL-safe: the same shape as every other token here (43 characters).
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  const [rows] = await execute(createTokenStatements(slug, hash, label.slice(0, 100), scope, Date.now()), t);
  if (!rows || rows.length === 0) throw new CliError(`There is no campaign "${slug}" in ${describeTarget(t)}.`);
  console.log(`API token for ${slug}, ${scope === 'edit' ? 'to read, export and edit content' : 'to read and export'} (shown once; only its hash is stored):\n\n  ${token}\n`);
  console.log(`Use it as:  curl -H "Authorization: Bearer ${token}" <origin>/api/admin/campaigns/${slug}/signatures.csv`);
}

const TokenRow = v.object({
  id: v.number(),
  label: v.string(),
  scope: v.string(),
  createdAt: v.number(),
  lastUsedAt: v.nullable(v.number()),
  revokedAt: v.nullable(v.number()),
});

/** Prints a campaign's tokens, one a line. */
export async function listTokens(slug: string | undefined, t: Target): Promise<void> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- tokens <slug>');
  const [rows = []] = await execute([listTokensStatement(slug)], t);
  if (rows.length === 0) console.log(`No API tokens for ${slug}.`);
  const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  for (const row of rows) {
    const r = v.parse(TokenRow, row);
    console.log(`#${r.id}  ${r.label || '(no label)'}  ${r.scope}  made ${date(r.createdAt)}  last used ${date(r.lastUsedAt)}${r.revokedAt ? `  REVOKED ${date(r.revokedAt)}` : ''}`);
  }
}

/** Revokes token `id` of a campaign. */
export async function revokeToken(slug: string | undefined, id: string | undefined, t: Target): Promise<void> {
  if (!slug || !id || !/^\d+$/.test(id)) throw new CliError('Usage: npm run campaign -- revoke <slug> <token id>');
  const [rows] = await execute(revokeTokenStatements(slug, Number(id), Date.now()), t);
  if (!rows || rows.length === 0) throw new CliError(`No live token #${id} for ${slug}.`);
  console.log(`Revoked token #${id} of ${slug}.`);
}
