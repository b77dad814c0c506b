/**
 * The floor: the least a Worker can do for a signature on this schema, on the same
 * harness as the app. No framework, no validation, no templates: signing is one
 * `db.batch()` (the signature row and its confirmation mail), confirming one batch (the
 * status and the campaign's forward, built in SQL), `/health` a bare answer. The paths
 * are the app's, so the bench drives both with the same requests. `/mw/<k>/health` is a
 * Hono app with the first k of the app's global middleware (k = 0: bare Hono).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../src/env';
import { middlewareChain, useChain } from '../../src/middleware/chain';

type FloorEnv = { DB: D1Database; CAMPAIGN_ID: string };

const SIGN = /^\/api\/campaigns\/[^/]+\/signatures$/;
const CONFIRM = /^\/s\/([A-Za-z0-9_-]{43})\/confirm$/;
const LADDER = /^\/mw\/(\d+)\//;

function ladderApp(k: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The 405 check reads this app's own (one) route: the real app's table is larger.
  useChain(app, middlewareChain(app).slice(0, k));
  app.get('*', (c) => c.text('ok'));
  return app;
}
const STEPS = ['bare Hono', ...middlewareChain(new Hono()).map((m) => `+ ${m.name}`)];
const ladder = STEPS.map((_, k) => ladderApp(k));

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function newToken(): Promise<{ token: string; hash: string }> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return { token, hash: await sha256(token) };
}

async function sha256(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The batch's D1 figures, so the bench can print the floor's rows beside the app's. */
function d1Header(results: D1Result[]): string {
  const sum = (f: (m: D1Meta) => number) => results.reduce((n, r) => n + f(r.meta), 0);
  return `round-trips=1 queries=${results.length} rows-read=${sum((m) => m.rows_read)} rows-written=${sum((m) => m.rows_written)} ms=${sum((m) => m.duration).toFixed(3)}`;
}

async function sign(request: Request, env: FloorEnv): Promise<Response> {
  const body: unknown = await request.json();
  const field = (k: string): string => {
    const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, k) : undefined;
    return typeof value === 'string' ? value : '';
  };
  const email = field('email').trim().toLowerCase();
  if (!email.includes('@')) return new Response('bad email', { status: 422 });
  const { token, hash } = await newToken();
  const now = Date.now();
  const link = `${new URL(request.url).origin}/s/${token}`;
  const results = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO signatures (campaign_id, email, name, country, city, message, consent_version, status, token_hash,
         token_expires_at, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'floor', 'pending', ?7, ?8, ?9, ?9)
       ON CONFLICT (campaign_id, email) DO UPDATE SET token_hash = excluded.token_hash, updated_at = excluded.updated_at`,
    ).bind(env.CAMPAIGN_ID, email, field('name'), field('country'), field('city'), field('message') || null, hash, now + 604_800_000, now),
    env.DB.prepare(
      `INSERT INTO outbox (campaign_id, signature_id, kind, idempotency_key, from_name, to_addrs, subject, text_body, html_body,
         next_attempt_at, created_at)
       VALUES (?1, (SELECT id FROM signatures WHERE token_hash = ?2), 'confirm', 'confirm-' || substr(?2, 1, 32), 'Floor', json_array(?3),
         'Please confirm your signature', ?4, ?5, ?6, ?6)`,
    ).bind(env.CAMPAIGN_ID, hash, email, `Confirm: ${link}`, `<p><a href="${link}">Confirm</a></p>`, now),
  ]);
  return Response.json({ ok: true }, { status: 202, headers: { 'x-floor-d1': d1Header(results) } });
}

async function confirm(token: string, env: FloorEnv): Promise<Response> {
  const hash = await sha256(token);
  const now = Date.now();
  const results = await env.DB.batch([
    env.DB.prepare(
      `UPDATE signatures SET status = 'confirmed', confirmed_at = ?2, updated_at = ?2
       WHERE token_hash = ?1 AND status = 'pending' AND token_expires_at > ?2`,
    ).bind(hash, now),
    env.DB.prepare(
      `INSERT INTO outbox (campaign_id, signature_id, kind, idempotency_key, from_name, to_addrs, cc_addrs, subject, text_body,
         html_body, next_attempt_at, created_at)
       SELECT s.campaign_id, s.id, 'forward', 'fwd-' || s.id || '-campaign', c.sender_name, json_array(c.mail_to), c.mail_cc,
         'Solidarity from ' || s.name || ', ' || s.city, coalesce(s.message, '') || char(10) || s.name, '<p>' || s.name || '</p>', ?2, ?2
       FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
       WHERE s.token_hash = ?1 AND s.status = 'confirmed' AND s.confirmed_at = ?2
       ON CONFLICT (idempotency_key) DO NOTHING`,
    ).bind(hash, now),
  ]);
  return new Response(null, { status: 303, headers: { location: `/s/${token}`, 'x-floor-d1': d1Header(results) } });
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/health') return new Response('ok');
    if (pathname === '/mw') return Response.json(STEPS);
    const step = LADDER.exec(pathname);
    const app = step ? ladder[Number(step[1])] : undefined;
    // The ladder's middleware reads only optional settings (DEBUG_METRICS, Turnstile keys), none set here.
    if (app) return app.fetch(request, env as unknown as AppEnv['Bindings'], ctx);
    if (request.method === 'POST' && SIGN.test(pathname)) return sign(request, env);
    const token = request.method === 'POST' ? CONFIRM.exec(pathname)?.[1] : undefined;
    if (token) return confirm(token, env);
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<FloorEnv>;
