/**
 * The requests the scale phase measures (issue 25): every organiser page and API, the
 * public routes, a supporter's confirming and withdrawing, and both crons. Each is one
 * request after a warm-up of its kind (a cold isolate's first use is not what a click
 * costs), with its D1 figures from Server-Timing, the wall time seen here and the app
 * workerd's CPU over the request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { App } from './app';
import { type D1Cost, isolateTotals, parseServerTiming, addCost } from './cost';
import { confirmBody, PAGE_PATH, SLUG } from './client';
import { QUEUE_TARGET } from './scale-seed';

/** One measured request. */
export type ScaleCost = D1Cost & { wallMs: number; cpuMs: number; status: number };

/** The organiser's credentials the seed stores: a session (cookie and its CSRF token) and an API token. */
export type Credentials = { cookie: string; csrf: string; bearer: string; sessionHash: string; tokenHash: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** New credentials; the seed stores their hashes (sessions, api_tokens). */
export function newCredentials(): Credentials {
  const session = randomBytes(32).toString('base64url');
  const bearer = randomBytes(32).toString('base64url');
  return { cookie: `solidarity-session=${session}`, csrf: sha256(`csrf:${session}`).slice(0, 43), bearer, sessionHash: sha256(session), tokenHash: sha256(bearer) };
}

async function timed(app: App, path: string, init: RequestInit): Promise<ScaleCost> {
  const cpu0 = app.cpuSeconds().app;
  const t0 = performance.now();
  const go = () => fetch(app.url + path, { ...init, redirect: 'manual', signal: AbortSignal.timeout(120_000) });
  // After a long request the runtime may close the kept-alive socket: a failure before any
  // answer is tried once more on a fresh one.
  const res = await go().catch(go);
  await res.arrayBuffer();
  const wallMs = performance.now() - t0;
  const cpuMs = (app.cpuSeconds().app - cpu0) * 1000;
  const d1 = parseServerTiming(res.headers.get('server-timing'));
  if (res.status >= 400 || !d1) throw new Error(`${init.method ?? 'GET'} ${path}: status ${res.status}${d1 ? '' : ', no Server-Timing'}`);
  return { ...d1, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), status: res.status };
}

/** Bulk spam marking by network from the organisers' page: the preview's stretch (through the API), then the marking (measured). */
async function markByNetwork(app: App, api: string, auth: Record<string, string>, post: (path: string, fields: Record<string, string>) => (app: App) => Promise<ScaleCost>, admin: string): Promise<ScaleCost> {
  const network = '0000000007cf';
  const preview = (await (await fetch(`${app.url}${api}/spam?network=${network}`, { headers: auth })).json()) as { upTo: number | null; lowest: number | null };
  if (preview.upTo === null) throw new Error('the preview matched no stretch');
  return post(`${admin}/spam`, { network, domain: '', from: '', to: '', upTo: String(preview.upTo), lowest: String(preview.lowest ?? '') })(app);
}

/** A cron run through wrangler dev's /__scheduled: its D1 work from the isolate's totals. */
async function cron(app: App, pattern: string): Promise<ScaleCost> {
  const before = await isolateTotals(app);
  const cpu0 = app.cpuSeconds().app;
  const t0 = performance.now();
  const url = `${app.url}/__scheduled?cron=${encodeURIComponent(pattern)}`;
  // A keep-alive socket the runtime closed after a long request fails at once: one more try.
  const res = await fetch(url, { signal: AbortSignal.timeout(300_000) }).catch(() => fetch(url, { signal: AbortSignal.timeout(300_000) }));
  await res.arrayBuffer();
  const wallMs = performance.now() - t0;
  const cpuMs = (app.cpuSeconds().app - cpu0) * 1000;
  const d1 = addCost(await isolateTotals(app), before, -1);
  return { ...d1, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), status: res.status };
}

/** What the seed hands the requests: ids it made (`queued`: a signature whose forward waits in the long queue; `notMe`: a pending link). */
export type ScaleIds = { message: number; receipt: string; tokens: string[]; queued: number; notMe: string };

/** The measured requests, by the name the table gives them. */
export function scaleRequests(c: Credentials, ids: ScaleIds): [string, (app: App) => Promise<ScaleCost>][] {
  const admin = `/admin/campaigns/${SLUG}`;
  const api = `/api/admin/campaigns/${SLUG}`;
  const session = { headers: { cookie: c.cookie } };
  const token = { headers: { authorization: `Bearer ${c.bearer}` } };
  const get = (path: string, init: RequestInit = {}) => (app: App) => timed(app, path, init);
  const form = (path: string, fields: Record<string, string>) => (app: App) =>
    timed(app, path, {
      method: 'POST',
      headers: { cookie: c.cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: c.csrf }).toString(),
    });
  const link = (action: 'confirm' | 'withdraw') => (app: App) => {
    const t = ids.tokens.pop();
    if (!t) throw new Error('no token left');
    // Confirming makes the choices again (the embassy with the long queue, so withdrawing drops a queued forward).
    const body = action === 'confirm' ? confirmBody(QUEUE_TARGET) : '';
    return timed(app, `/s/${t}/${action}`, { method: 'POST', headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' }, body }).then(async (r) => {
      ids.tokens.push(t);
      return r;
    });
  };
  return [
    ['organiser dashboard', get(admin, session)],
    ['stats API', get(`${api}/stats`, token)],
    ['deliveries per address (API)', get(`${api}/deliveries`, token)],
    ['deliveries per message (page)', get(`${admin}/deliveries`, session)],
    ['updates page', get(`${admin}/updates`, session)],
    ['moderation list (page 1)', get(`${admin}/messages`, session)],
    ['spam preview by domain', get(`${api}/spam?domain=example.org`, token)],
    ['spam preview by network', get(`${api}/spam?network=0000000007d0`, token)],
    ['approving one message', form(`${admin}/moderate`, { id: String(ids.message), action: 'approve', filter: 'all' })],
    ['campaign page, cache miss', get(`${PAGE_PATH}?lang=ru`)],
    ['picket page', get(`/c/${SLUG}/pickets/bench-picket`)],
    ['picket .ics', get(`/c/${SLUG}/pickets/bench-picket.ics`)],
    ['pickets JSON', get(`/api/campaigns/${SLUG}/pickets`)],
    ['ledger JSON', get(`/c/${SLUG}/deliveries.json`)],
    ['a receipt and its proof', get(`/api/campaigns/${SLUG}/receipts/${ids.receipt}`)],
    ['confirming', link('confirm')],
    ['withdrawing (confirmed)', link('withdraw')],
    ['"this wasn\'t me"', (app) => timed(app, `/s/${ids.notMe}/not-me`, { method: 'POST', redirect: 'manual', headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' } })],
    ['marking one as spam (its forward queued)', form(`${admin}/moderate`, { id: String(ids.queued), action: 'spam', confirm: 'yes', filter: 'all' })],
    ['marking as spam by network', (app) => markByNetwork(app, api, token.headers, form, admin)],
    ['retry dead messages', form(`${admin}/retry-dead`, {})],
    ['minute cron', (app) => cron(app, '* * * * *')],
    ['daily cron (privacy sweep, ledger seal)', (app) => cron(app, '17 3 * * *')],
  ];
}
