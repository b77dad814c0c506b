import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { endSession, listOrganisedCampaigns, loginMailKey, loginLinkStatements, loginLinkUsable, startSession } from '../db/organisers';
import { runBatch } from '../db/statements';
import { listAllCampaigns } from '../db/campaign-files';
import { mailConfig } from '../email/index';
import { loginMail } from '../email/login-mail';
import { AppError } from '../errors';
import { isAdmin } from '../lib/admins';
import { hashToken, isTokenShaped, newToken } from '../lib/crypto';
import { emailAddress } from '../schemas/text';
import { CampaignListPage, ConfirmSignInPage, LinkSentPage, SignInPage } from '../views/admin/login';
import { type AdminEnv, csrfForm, pageSession, secureCookies, sessionCookieName, sessionPrincipal } from './admin-auth';
import { ipHash, scheduleDrain } from './context';
import { limitByIp } from './rate-limit';
import { formBody, type OnInvalidForm } from './validation';

export const LINK_TTL_MS = 15 * 60 * 1000;
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Sign-in by magic link, sign-out, and the list of the organiser's campaigns. */
const adminLogin = new Hono<AdminEnv>();

const SignInSchema = v.object({ email: emailAddress });

/** The sign-in form again, with the address as typed and what is wrong with it. */
const signInAgain: OnInvalidForm = (c, { values, errors }) =>
  c.render(<SignInPage email={values.email ?? ''} error={errors.email} i18n={c.var.i18n} />, { title: c.var.i18n.t('admin.signIn.title') });

adminLogin.get('/', async (c) => {
  const p = await sessionPrincipal(c);
  const i18n = c.var.i18n;
  if (!p) return c.render(<SignInPage i18n={i18n} />, { title: i18n.t('admin.signIn.title') });
  // An admin sees every campaign (and may open each); an organiser sees their own.
  const admin = isAdmin(c.env.ADMIN_EMAILS, p.email);
  const campaigns = admin ? await listAllCampaigns(c.env.DB) : await listOrganisedCampaigns(c.env.DB, p.email);
  return c.render(<CampaignListPage email={p.email} campaigns={campaigns} csrf={p.csrf} admin={admin} i18n={i18n} />, { title: i18n.t('admin.campaigns') });
});

adminLogin.post('/login', limitByIp('LOGIN_LIMITER'), formBody(SignInSchema, signInAgain), async (c) => {
  const i18n = c.var.i18n;
  const token = newToken();
  const tokenHash = await hashToken(token);
  const { email } = c.req.valid('form');
  // Sign-in links point at PUBLIC_URL only (the dev mailbox may use this request's origin):
  // a link to a Host an attacker named would hand them the session.
  const config = mailConfig(c.env, new URL(c.req.url).origin);
  if (config.ok) {
    const now = Date.now();
    // Counted per address as typed and per network (db/organisers.ts): never an inbox's share.
    const network = (await ipHash(c))?.slice(0, 16) ?? 'unknown';
    const mail = await loginMail(`${config.links.baseUrl}${i18n.link(`/admin/login/${token}`)}`, LINK_TTL_MS / 60_000, i18n);
    await runBatch(
      c.env.DB,
      loginLinkStatements(email, network, tokenHash, now, LINK_TTL_MS, {
        ...mail, kind: 'login', campaignId: null, idempotencyKey: loginMailKey(email, network, now), fromName: 'Solidarity', to: [email],
      }, isAdmin(c.env.ADMIN_EMAILS, email)),
    );
    scheduleDrain(c);
  } else console.error(`admin: no sign-in link sent: ${config.error}`);
  return c.render(<LinkSentPage minutes={LINK_TTL_MS / 60_000} i18n={i18n} />, { title: i18n.t('check.title') });
});

const invalidLink = () => new AppError('bad_request', 'error.admin.badLoginLink');

adminLogin.get('/login/:token', async (c) => {
  const token = c.req.param('token');
  if (!isTokenShaped(token) || !(await loginLinkUsable(c.env.DB, await hashToken(token), Date.now()))) throw invalidLink();
  return c.render(<ConfirmSignInPage token={token} i18n={c.var.i18n} />, { title: c.var.i18n.t('admin.signIn.title') });
});

adminLogin.post('/login/:token', async (c) => {
  const token = c.req.param('token');
  if (!isTokenShaped(token)) throw invalidLink();
  const session = newToken();
  const email = await startSession(c.env.DB, await hashToken(token), await hashToken(session), Date.now(), SESSION_TTL_MS);
  if (!email) throw invalidLink();
  setCookie(c, sessionCookieName(c), session, {
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  return c.redirect(c.var.i18n.link('/admin'), 303);
});

adminLogin.post('/logout', pageSession, csrfForm, async (c) => {
  const p = c.var.principal;
  if (p.kind === 'session') await endSession(c.env.DB, p.sessionHash, Date.now());
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: secureCookies(c) });
  return c.redirect(c.var.i18n.link('/admin'), 303);
});

export default adminLogin;
