/**
 * The floor: the least a Worker can do for a signature on this schema, on the same
 * harness as the app. No framework, no validation, no templates: signing is one
 * `db.batch()` (the signature row and its confirmation mail's outbox row), confirming one
 * batch (the status, and the campaign's forward built in SQL), `/health` a bare answer. The paths
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
const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function sha256(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/** The row's link material as the app keeps it: a nonce, and the SHA-256 of the token's secret part. */
async function newLink(): Promise<{ nonce: string; hash: string }> {
  return { nonce: base64url(crypto.getRandomValues(new Uint8Array(16))), hash: await sha256(crypto.getRandomValues(new Uint8Array(26))) };
}

/** A link token as the app's: 6 bytes of row id, then 26 secret bytes whose SHA-256 the row keeps. */
async function readToken(token: string): Promise<{ id: number; hash: string } | null> {
  const bytes = Uint8Array.from(atob(token.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
  if (bytes.length !== 32) return null;
  const id = bytes.subarray(0, 6).reduce((n, b) => n * 256 + b, 0);
  return { id, hash: await sha256(bytes.subarray(6)) };
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
  const { nonce, hash } = await newLink();
  const now = Date.now();
  const results = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, consent_version, token_nonce, token_hash,
         token_expires_at, created_at, updated_at)
       VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 'floor', ?7, ?8, ?9, ?10, ?10)
       ON CONFLICT (campaign_id, inbox) DO NOTHING`,
    ).bind(env.CAMPAIGN_ID, email, field('name'), field('country'), field('city'), field('message') || null, nonce, hash, now + 604_800_000, now),
    env.DB.prepare(
      `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, next_attempt_at, created_at)
       SELECT 'i:' || ?2 || ':' || ?3, 'confirm', s.campaign_id, s.id, 'Floor', json_array(?2), ?3, ?3
       FROM signatures s WHERE s.campaign_id = ?1 AND s.inbox = ?2 AND s.status = 'pending'
       ON CONFLICT DO NOTHING`,
    ).bind(env.CAMPAIGN_ID, email, now),
  ]);
  return Response.json({ ok: true }, { status: 202, headers: { 'x-floor-d1': d1Header(results) } });
}

async function confirm(token: string, env: FloorEnv): Promise<Response> {
  const link = await readToken(token);
  if (!link) return new Response('bad link', { status: 404 });
  const now = Date.now();
  const results = await env.DB.batch([
    env.DB.prepare(
      `UPDATE signatures SET status = 'confirmed', confirmed_at = ?3, updated_at = ?3
       WHERE id = ?1 AND token_hash = ?2 AND status = 'pending' AND token_expires_at > ?3`,
    ).bind(link.id, link.hash, now),
    // The campaign's copy, at the slot the count trigger moved (as the app's schema keeps it).
    env.DB.prepare(
      `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, cc_addrs, throttle_key,
         next_attempt_at, created_at)
       SELECT 'c' || s.campaign_id || ':s' || s.id || '.' || s.created_at || ':campaign', 'forward', s.campaign_id, s.id,
         c.sender_name, json_array(c.mail_to), c.mail_cc, 'to:' || c.mail_to, n.mail_next_at - n.mail_interval, ?2
       FROM signatures s JOIN campaigns c ON c.id = s.campaign_id JOIN campaign_counts n ON n.campaign_id = s.campaign_id
       WHERE s.id = ?1 AND s.status = 'confirmed' AND s.confirmed_at = ?2
       ON CONFLICT DO NOTHING`,
    ).bind(link.id, now),
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
