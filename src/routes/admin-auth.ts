import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { campaignForToken, markTokenUsed } from '../db/api-tokens';
import { actorOf } from '../db/audit';
import { type Campaign, getCampaign } from '../db/campaigns';
import { isOrganiser, sessionEmail } from '../db/organisers';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { isAdmin } from '../lib/admins';
import { hashToken, isTokenShaped } from '../lib/crypto';
import type { Principal } from '../lib/principal';
import { waitUntil } from './context';
import { formValues } from './validation';

/** Admin routes run in the app's env; `principal` is set by the middlewares below. */
export type AdminEnv = AppEnv;

/** The session cookie: `__Host-` (Secure, whole site, no Domain) in production. */
export function sessionCookieName(c: Context): string {
  return secureCookies(c) ? '__Host-solidarity-session' : 'solidarity-session';
}

/** Secure cookies in production and on any https origin; plain http only for local work. */
export function secureCookies(c: Context<AdminEnv> | Context): boolean {
  return c.env.ENVIRONMENT === 'production' || new URL(c.req.url).protocol === 'https:';
}

/** The per-session CSRF token: derived from the session secret, so nothing more is stored. */
export async function csrfFor(sessionToken: string): Promise<string> {
  return (await hashToken(`csrf:${sessionToken}`)).slice(0, 43);
}

/** The signed-in organiser, from the session cookie; null without a live session. */
export async function sessionPrincipal(c: Context<AdminEnv>): Promise<Extract<Principal, { kind: 'session' }> | null> {
  const token = getCookie(c, sessionCookieName(c));
  if (!token || !isTokenShaped(token)) return null;
  const sessionHash = await hashToken(token);
  const email = await sessionEmail(c.env.DB, sessionHash, Date.now());
  return email ? { kind: 'session', email, sessionHash, csrf: await csrfFor(token) } : null;
}

async function fromBearer(c: Context<AdminEnv>, header: string): Promise<Principal | null> {
  const token = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(header)?.[1];
  if (!token) return null;
  const hash = await hashToken(token);
  if (await isAdminToken(c.env.ADMIN_TOKEN, hash)) return { kind: 'admin-token' };
  const found = await campaignForToken(c.env.DB, hash);
  return found ? { kind: 'token', ...found } : null;
}

const encoder = new TextEncoder();

/**
 * Whether a bearer token (by its hash) is the deploy's `ADMIN_TOKEN` secret. Only a secret
 * shaped like our tokens counts (43 URL-safe characters, 256 bits), so a short or empty one
 * set by mistake never opens the API; hashes are compared in constant time.
 */
async function isAdminToken(secret: string | undefined, hash: string): Promise<boolean> {
  if (!secret || !isTokenShaped(secret)) return false;
  const wanted = encoder.encode(await hashToken(secret));
  const given = encoder.encode(hash);
  return wanted.length === given.length && crypto.subtle.timingSafeEqual(wanted, given);
}

/** The admin API: a bearer token or a session; neither is a 401. */
export const apiPrincipal = createMiddleware<AdminEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const principal = header ? await fromBearer(c, header) : await sessionPrincipal(c);
  if (!principal) throw new AppError('unauthorized', header ? 'error.admin.badToken' : 'error.admin.noCredentials');
  c.set('principal', principal);
  await next();
});

/** Dashboard pages: a session, or a redirect to the sign-in page. */
export const pageSession = createMiddleware<AdminEnv>(async (c, next) => {
  const principal = await sessionPrincipal(c);
  if (!principal) return c.redirect('/admin', 303);
  c.set('principal', principal);
  await next();
});

/** The campaign of `:slug` if the principal may see it: 404 when there is none, else 403. */
export const campaignAccess = createMiddleware<AdminEnv>(async (c, next) => {
  const campaign = await getCampaign(c.env.DB, c.req.param('slug') ?? '');
  if (!campaign) throw new AppError('not_found', 'error.noCampaignSlug');
  if (!(await mayAccess(c, c.var.principal, campaign))) {
    throw new AppError('forbidden', 'error.admin.notOrganiser');
  }
  c.set('campaign', campaign);
  await next();
  // Only a request that succeeded counts as a use: a refused one writes nothing. Written
  // after the response: a failure here must not turn a finished answer into an error.
  const p = c.var.principal;
  if (p.kind === 'token' && c.res.ok) {
    const mark = markTokenUsed(c.env.DB, p.tokenId, p.lastUsedAt, Date.now()).catch((err: unknown) => {
      console.error('api token: recording its use failed', { requestId: c.var.requestId }, err);
    });
    waitUntil(c, mark);
  }
});

// A token is its campaign's alone; a session is an organiser of this campaign, or an admin.
async function mayAccess(c: Context<AdminEnv>, p: Principal, campaign: Campaign): Promise<boolean> {
  if (p.kind === 'admin-token') return true;
  if (p.kind === 'token') return p.campaignId === campaign.id;
  return isAdmin(c.env.ADMIN_EMAILS, p.email) || isOrganiser(c.env.DB, campaign.id, p.email);
}

/** Whether the principal is a signed-in admin (`ADMIN_EMAILS`) or the `ADMIN_TOKEN`; a campaign's token never is one. */
export function principalIsAdmin(c: Context<AdminEnv>, p: Principal): boolean {
  return p.kind === 'admin-token' || (p.kind === 'session' && isAdmin(c.env.ADMIN_EMAILS, p.email));
}

/** Admins only (creating campaigns): anyone else signed in is refused with 403. */
export const adminOnly = createMiddleware<AdminEnv>(async (c, next) => {
  if (!principalIsAdmin(c, c.var.principal)) throw new AppError('forbidden', 'error.admin.notAdmin');
  await next();
});

/** Who did it, for the moderation log. */
export { actorOf };

/** Checks the `_csrf` field of a dashboard form against the session's token, in constant time. */
export function assertCsrf(p: Principal, field: unknown): void {
  const ok =
    p.kind === 'session' &&
    typeof field === 'string' &&
    field.length === p.csrf.length &&
    crypto.subtle.timingSafeEqual(encoder.encode(field), encoder.encode(p.csrf));
  if (!ok) throw new AppError('forbidden', 'error.admin.formExpired');
}

/**
 * Dashboard forms: refuses one without the session's CSRF token (403) before any field of
 * it is judged or anything is written. The token is compared whole, so no schema is needed.
 */
export const csrfForm = createMiddleware<AdminEnv>(async (c, next) => {
  assertCsrf(c.var.principal, (await formValues(c))._csrf);
  await next();
});
