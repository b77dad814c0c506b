import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { endSession, listOrganisedCampaigns, loginMailKey, loginLinkStatements, loginLinkUsable, startSession } from '../db/organisers';
import { runBatch } from '../db/statements';
import { loginMail } from '../email/login-mail';
import { AppError } from '../errors';
import { hashToken, isTokenShaped, newToken } from '../lib/crypto';
import { emailAddress } from '../schemas/text';
import { CampaignListPage, ConfirmSignInPage, LinkSentPage, SignInPage } from '../views/admin/login';
import { type AdminEnv, assertCsrf, pageSession, secureCookies, sessionCookieName, sessionPrincipal } from './admin-auth';
import { baseUrl, scheduleDrain } from './context';
import { limitByIp } from './rate-limit';

export const LINK_TTL_MS = 15 * 60 * 1000;
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Sign-in by magic link, sign-out, and the list of the organiser's campaigns. */
const adminLogin = new Hono<AdminEnv>();

const SignInSchema = v.object({ email: emailAddress });

adminLogin.get('/', async (c) => {
  const p = await sessionPrincipal(c);
  if (!p) return c.render(<SignInPage />, { title: 'Sign in' });
  const campaigns = await listOrganisedCampaigns(c.env.DB, p.email);
  return c.render(<CampaignListPage email={p.email} campaigns={campaigns} csrf={p.csrf} />, { title: 'Your campaigns' });
});

adminLogin.post('/login', limitByIp('LOGIN_LIMITER'), async (c) => {
  const form = await c.req.parseBody();
  const parsed = v.safeParse(SignInSchema, { email: form.email });
  if (!parsed.success) {
    c.status(422);
    return c.render(<SignInPage email={typeof form.email === 'string' ? form.email : ''} error={parsed.issues[0].message} />, { title: 'Sign in' });
  }
  const token = newToken();
  const tokenHash = await hashToken(token);
  const mail = await loginMail(`${baseUrl(c)}/admin/login/${token}`, LINK_TTL_MS / 60_000);
  const email = parsed.output.email;
  await runBatch(
    c.env.DB,
    loginLinkStatements(email, tokenHash, Date.now(), LINK_TTL_MS, {
      ...mail, kind: 'login', campaignId: null, idempotencyKey: loginMailKey(tokenHash), fromName: 'Solidarity', to: [email],
    }),
  );
  scheduleDrain(c);
  return c.render(<LinkSentPage />, { title: 'Check your inbox' });
});

const invalidLink = () => new AppError('bad_request', 'This sign-in link has expired or was already used. Ask for a new one at /admin.');

adminLogin.get('/login/:token', async (c) => {
  const token = c.req.param('token');
  if (!isTokenShaped(token) || !(await loginLinkUsable(c.env.DB, await hashToken(token), Date.now()))) throw invalidLink();
  return c.render(<ConfirmSignInPage token={token} />, { title: 'Sign in' });
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
  return c.redirect('/admin', 303);
});

adminLogin.post('/logout', pageSession, async (c) => {
  const p = c.var.principal;
  assertCsrf(p, (await c.req.parseBody())._csrf);
  if (p.kind === 'session') await endSession(c.env.DB, p.sessionHash, Date.now());
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: secureCookies(c) });
  return c.redirect('/admin', 303);
});

export default adminLogin;
