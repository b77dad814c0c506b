import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { createTokenStatements, listTokens, revokeTokenStatements } from '../db/api-tokens';
import { auditBySlugStatement, campaignFileOf } from '../db/campaign-files';
import { listAudit } from '../db/audit';
import { loginLinkStatements, loginMailKey } from '../db/organisers';
import { runBatch } from '../db/statements';
import { mailConfig } from '../email/index';
import { loginMail } from '../email/login-mail';
import { AppError } from '../errors';
import { saveCampaignFile } from '../flows/campaign-save';
import { msg } from '../i18n/index';
import { hashToken, newToken } from '../lib/crypto';
import { TOKEN_SCOPES } from '../lib/principal';
import { emailAddress, line } from '../schemas/text';
import { TeamPage } from '../views/admin/team';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { LINK_TTL_MS } from './admin-login';
import { scheduleDrain } from './context';
import { formBody, type OnInvalidForm, param } from './validation';

/** A campaign's organisers and API tokens, from the browser; every change in the audit log. */
const adminTeam = new Hono<AdminEnv>();

const guard = [pageSession, campaignAccess, csrfForm] as const;
const EmailForm = v.object({ email: emailAddress });
const TokenForm = v.object({
  label: v.optional(line({ text: 'error.admin.request', control: 'error.admin.request', long: 'error.admin.request' }, 100), ''),
  // Chosen every time, never assumed: a token that may edit is a choice, not a default.
  scope: v.pipe(v.optional(v.string(), ''), v.picklist(TOKEN_SCOPES, msg('error.admin.tokenScope'))),
});
// As the dashboard's ids: within what a JavaScript number holds exactly.
const TokenParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/, msg('error.admin.id')), v.transform(Number), v.safeInteger(msg('error.admin.id'))) });

async function renderTeam(c: Context<AdminEnv>, extra: { newToken?: string; error?: string; tokenError?: string } = {}) {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const campaign = c.var.campaign;
  const [{ file }, tokens, audit] = await Promise.all([campaignFileOf(c.env.DB, campaign), listTokens(c.env.DB, campaign.slug), listAudit(c.env.DB, campaign.id)]);
  const i18n = c.var.i18n;
  return c.render(<TeamPage slug={campaign.slug} title={campaign.title} organisers={file.organisers} tokens={tokens} audit={audit} csrf={p.csrf} {...extra} i18n={i18n} />, {
    title: i18n.t('editor.team.heading', { title: campaign.title }),
  });
}

const teamAgain: OnInvalidForm = (c, { errors }) => renderTeam(c, { error: errors.email });

adminTeam.get('/campaigns/:slug/team', pageSession, campaignAccess, (c) => renderTeam(c));

/** Adds an organiser and mails them a sign-in link (within the per-inbox cap), in one batch. */
adminTeam.post('/campaigns/:slug/organisers', ...guard, formBody(EmailForm, teamAgain), async (c) => {
  const { email } = c.req.valid('form');
  const { file: before } = await campaignFileOf(c.env.DB, c.var.campaign);
  if (before.organisers.includes(email)) return c.redirect(c.var.i18n.link(`/admin/campaigns/${before.slug}/team`), 303);
  if (before.organisers.length >= 50) return c.status(422), renderTeam(c, { error: c.var.i18n.t('error.editor.tooManyOrganisers') });
  const file = { ...before, organisers: [...before.organisers, email] };
  const extra = await signInLink(c, email);
  await saveCampaignFile(c.env.DB, { file, before, actor: actorOf(c.var.principal), action: 'organiser.add', extra });
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${file.slug}/team`), 303);
});

async function signInLink(c: Context<AdminEnv>, email: string) {
  const config = mailConfig(c.env, new URL(c.req.url).origin);
  if (!config.ok) return [];
  const token = newToken();
  const now = Date.now();
  const mail = await loginMail(`${config.links.baseUrl}${c.var.i18n.link(`/admin/login/${token}`)}`, LINK_TTL_MS / 60_000, c.var.i18n);
  // Its own share of sign-in links (`team`): only organisers can spend it.
  return loginLinkStatements(email, 'team', await hashToken(token), now, LINK_TTL_MS, {
    ...mail, kind: 'login', campaignId: null, idempotencyKey: loginMailKey(email, 'team', now), fromName: 'Solidarity', to: [email],
  });
}

adminTeam.post('/campaigns/:slug/organisers/remove', ...guard, formBody(EmailForm, msg('error.admin.request')), async (c) => {
  const { email } = c.req.valid('form');
  const { file: before } = await campaignFileOf(c.env.DB, c.var.campaign);
  const file = { ...before, organisers: before.organisers.filter((o) => o !== email) };
  await saveCampaignFile(c.env.DB, { file, before, actor: actorOf(c.var.principal), action: 'organiser.remove' });
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${file.slug}/team`), 303);
});

const tokenAgain: OnInvalidForm = (c, { errors }) => renderTeam(c, { tokenError: errors.scope ?? errors.label });

/** Makes an API token with the scope chosen for it and shows it once; only its hash is stored. */
adminTeam.post('/campaigns/:slug/tokens', ...guard, formBody(TokenForm, tokenAgain), async (c) => {
  const { label, scope } = c.req.valid('form');
  const slug = c.var.campaign.slug;
  const token = newToken();
  const now = Date.now();
  await runBatch(c.env.DB, [...createTokenStatements(slug, await hashToken(token), label, scope, now), auditBySlugStatement(slug, actorOf(c.var.principal), 'token.create', { label, scope }, now)]);
  c.header('Cache-Control', 'no-store');
  return renderTeam(c, { newToken: token });
});

adminTeam.post('/campaigns/:slug/tokens/:id/revoke', ...guard, param(TokenParam, msg('error.admin.request')), async (c) => {
  const { id } = c.req.valid('param');
  const slug = c.var.campaign.slug;
  const now = Date.now();
  await runBatch(c.env.DB, [...revokeTokenStatements(slug, id, now), auditBySlugStatement(slug, actorOf(c.var.principal), 'token.revoke', { id }, now)]);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${slug}/team#tokens-heading`), 303);
});

export default adminTeam;
