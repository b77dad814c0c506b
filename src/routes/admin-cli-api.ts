import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { createTokenStatements, listTokens, revokeTokenAuditedStatements } from '../db/api-tokens';
import { auditBySlugStatement } from '../db/campaign-files';
import { cursorAfter, ledgerLeavesPage } from '../db/ledger-pages';
import { listSealedDays } from '../db/ledger';
import { runBatch } from '../db/statements';
import { AppError } from '../errors';
import { msg } from '../i18n/index';
import { hashToken, newToken } from '../lib/crypto';
import { TOKEN_SCOPES } from '../lib/principal';
import { line } from '../schemas/text';
import { actorOf, type AdminEnv, assertCsrf, campaignAccess } from './admin-auth';
import { jsonBody, param, query } from './validation';

/**
 * What the command line needs beyond the campaign file (mounted at /api): a campaign's API
 * tokens made, listed and revoked, and its delivery ledger a page at a time for
 * `verify-ledger`. A bearer token of the campaign, the `ADMIN_TOKEN`, or a session (whose
 * writes carry `X-CSRF-Token`, as everywhere in the admin API).
 */
const cliApi = new Hono<AdminEnv>();

// The principal is the admin API's (its `/admin/*` middleware runs first; see index.ts).
cliApi.use('/admin/campaigns/:slug/tokens', campaignAccess);
cliApi.use('/admin/campaigns/:slug/tokens/*', campaignAccess);
cliApi.use('/admin/campaigns/:slug/ledger', campaignAccess);

function csrfIfSession(c: Context<AdminEnv>): void {
  if (c.var.principal.kind === 'session') assertCsrf(c.var.principal, c.req.header('x-csrf-token'));
}

const TokenInput = v.object({
  label: v.optional(line({ text: 'error.admin.request', control: 'error.admin.request', long: 'error.admin.request' }, 100), ''),
  scope: v.optional(v.picklist(TOKEN_SCOPES, msg('error.admin.request')), 'read'),
});

/** Tokens are made and revoked by people (a session) or the operator (`ADMIN_TOKEN`), never by a token. */
function assertNotCampaignToken(c: Context<AdminEnv>): void {
  if (c.var.principal.kind === 'token') throw new AppError('forbidden', 'error.admin.tokenTokens');
}
// As the dashboard's ids: within what a JavaScript number holds exactly.
const TokenParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/, msg('error.admin.id')), v.transform(Number), v.safeInteger(msg('error.admin.id'))) });
const LedgerQuery = v.object({ after: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}~\d{1,9}$/, msg('error.admin.query')))) });

cliApi.get('/admin/campaigns/:slug/tokens', async (c) => {
  return c.json({ tokens: await listTokens(c.env.DB, c.var.campaign.slug) });
});

/** Makes a token and answers it once (201); only its hash is stored. */
cliApi.post('/admin/campaigns/:slug/tokens', jsonBody(TokenInput), async (c) => {
  assertNotCampaignToken(c);
  csrfIfSession(c);
  const { label, scope } = c.req.valid('json');
  const slug = c.var.campaign.slug;
  const token = newToken();
  const now = Date.now();
  const [created] = await runBatch(c.env.DB, [
    ...createTokenStatements(slug, await hashToken(token), label, scope, now),
    auditBySlugStatement(slug, actorOf(c.var.principal), 'token.create', { label, scope }, now),
  ]);
  const id = v.parse(v.object({ id: v.number() }), created?.results[0]).id;
  c.header('Cache-Control', 'no-store');
  return c.json({ id, label, scope, token }, 201);
});

/** Revokes a live token of this campaign; one that is not (or no longer) live is a 404. */
cliApi.delete('/admin/campaigns/:slug/tokens/:id', param(TokenParam, 'error.admin.request'), async (c) => {
  assertNotCampaignToken(c);
  csrfIfSession(c);
  const { id } = c.req.valid('param');
  const slug = c.var.campaign.slug;
  const now = Date.now();
  const [revoked] = await runBatch(c.env.DB, revokeTokenAuditedStatements(slug, id, actorOf(c.var.principal), now));
  if (!revoked?.results.length) throw new AppError('not_found', 'error.admin.noSuchToken');
  return c.json({ id, revoked: true });
});

/** A page of the ledger's leaves in their trees' order (`?after=<day>~<seq>` from `next`), and on the first page every sealed day. */
cliApi.get('/admin/campaigns/:slug/ledger', query(LedgerQuery, 'error.admin.query'), async (c) => {
  const campaign = c.var.campaign;
  const [day, seq] = c.req.valid('query').after?.split('~') ?? [];
  const after = day && seq ? { day, seq: Number(seq) } : null;
  const leaves = await ledgerLeavesPage(c.env.DB, campaign.id, after);
  const next = cursorAfter(leaves);
  const sealed = after ? [] : await listSealedDays(c.env.DB, campaign.id);
  return c.json({ slug: campaign.slug, leaves, sealed, next: next ? `${next.day}~${next.seq}` : null });
});

export default cliApi;
