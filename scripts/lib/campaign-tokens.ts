/** API tokens for a campaign: made, listed and revoked from the command line, locally or through the Worker. */
import { createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { createTokenStatements, listTokensStatement, revokeTokenAuditedStatements } from '../../src/db/api-tokens';
import { runBatch } from '../../src/db/statements';
import { bodyOf, callApi } from './api-client';
import { CliError } from './cli-error';
import { withLocalDb } from './local-d1';
import { describeWhere, type Where } from './where';

const TokenRow = v.object({ id: v.number(), label: v.string(), createdAt: v.number(), lastUsedAt: v.nullable(v.number()), revokedAt: v.nullable(v.number()) });
const Made = v.object({ id: v.number(), token: v.string() });

const path = (slug: string, rest = '') => `/api/admin/campaigns/${encodeURIComponent(slug)}/tokens${rest}`;
const noCampaign = (slug: string, w: Where) => new CliError(`There is no campaign "${slug}" in ${describeWhere(w)}.`);

async function make(slug: string, label: string, w: Where): Promise<string> {
  if (w.kind === 'remote') {
    const made = await callApi(w, 'POST', path(slug), { body: { label }, expect: [201, 404] });
    if (made.status === 404) throw noCampaign(slug, w);
    return bodyOf(Made, made, 'a new token').token;
  }
  // 32 random bytes, URL-safe: the same shape as every other token here (43 characters).
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  const [created] = await withLocalDb(w.persistTo, (db) => runBatch(db, createTokenStatements(slug, hash, label, Date.now())));
  if (!created?.results.length) throw noCampaign(slug, w);
  return token;
}

/** Makes a token and prints it once; only its hash is stored. */
export async function makeToken(slug: string | undefined, label: string, w: Where): Promise<void> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- token <slug> [--label text] [--url https://HOST]');
  const token = await make(slug, label.slice(0, 100), w);
  const origin = w.kind === 'remote' ? w.origin : '<origin>';
  console.log(`API token for ${slug} (shown once; only its hash is stored):\n\n  ${token}\n`);
  console.log(`Use it as:  curl -H "Authorization: Bearer ${token}" ${origin}/api/admin/campaigns/${slug}/signatures.csv`);
  console.log(`or:         SOLIDARITY_TOKEN=${token} npm run campaign -- push campaigns/${slug}.json --url ${origin}`);
}

/** Prints a campaign's tokens, one a line. */
export async function listTokens(slug: string | undefined, w: Where): Promise<void> {
  if (!slug) throw new CliError('Name a campaign: npm run campaign -- tokens <slug> [--url https://HOST]');
  let rows: unknown[];
  if (w.kind === 'remote') {
    const answer = await callApi(w, 'GET', path(slug), { expect: [200, 404] });
    if (answer.status === 404) throw noCampaign(slug, w);
    rows = bodyOf(v.object({ tokens: v.array(v.unknown()) }), answer, 'a list of tokens').tokens;
  } else {
    rows = await withLocalDb(w.persistTo, async (db) => {
      if (!(await db.prepare('SELECT 1 FROM campaigns WHERE slug = ?1').bind(slug).first())) throw noCampaign(slug, w);
      const s = listTokensStatement(slug);
      return (await db.prepare(s.sql).bind(...s.params).all()).results;
    });
  }
  if (rows.length === 0) console.log(`No API tokens for ${slug}.`);
  const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  for (const row of rows) {
    const r = v.parse(TokenRow, row);
    console.log(`#${r.id}  ${r.label || '(no label)'}  made ${date(r.createdAt)}  last used ${date(r.lastUsedAt)}${r.revokedAt ? `  REVOKED ${date(r.revokedAt)}` : ''}`);
  }
}

/** Revokes token `id` of a campaign; a campaign or live token that is not there is an error. */
export async function revokeToken(slug: string | undefined, id: string | undefined, w: Where): Promise<void> {
  if (!slug || !id || !/^[1-9]\d{0,15}$/.test(id)) throw new CliError('Usage: npm run campaign -- revoke <slug> <token id> [--url https://HOST]');
  let revoked: boolean;
  if (w.kind === 'remote') {
    const answer = await callApi(w, 'DELETE', path(slug, `/${id}`), { expect: [200, 404] });
    revoked = answer.status === 200;
  } else {
    const [row] = await withLocalDb(w.persistTo, (db) => runBatch(db, revokeTokenAuditedStatements(slug, Number(id), 'cli', Date.now())));
    revoked = Boolean(row?.results.length);
  }
  if (!revoked) throw new CliError(`No live token #${id} for campaign "${slug}" in ${describeWhere(w)} (see  npm run campaign -- tokens ${slug}).`);
  console.log(`Revoked token #${id} of ${slug}.`);
}
