import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import type { Bindings } from '../src/env';
import { linkSecret, type MailConfig } from '../src/email/index';
import { resendMailer } from '../src/email/resend';
import { linkHash, linkToken, newNonce } from '../src/lib/link-token';
import type { FakeStats, Faults } from './fake-resend/server';
import { createCampaign, unique } from './helpers';

export const MAIL_FROM = 'campaigns@solidarity.example';

/** The fake Resend started by the global setup. */
export const fakeUrl = (): string => inject('fakeResendUrl');

/** A fresh API key: the fake keeps mail, keys and faults per API key. */
export const fakeKey = (): string => `re_test_${unique('k')}`;

/** Sets the fake's faults for this key. */
export async function setFaults(apiKey: string, faults: Faults): Promise<void> {
  const res = await fetch(`${fakeUrl()}/_fake/faults`, { method: 'PUT', headers: { authorization: `Bearer ${apiKey}` }, body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`fake: ${res.status}`);
}

/** What the fake delivered and saw for this key. */
export async function fakeStats(apiKey: string): Promise<FakeStats> {
  const res = await fetch(`${fakeUrl()}/_fake/stats`, { headers: { authorization: `Bearer ${apiKey}` } });
  return res.json<FakeStats>();
}

/** Mail config pointing at the fake, with a short timeout so the slow fault is quick. */
export function fakeConfig(apiKey: string, timeoutMs = 150): MailConfig {
  return { ok: true, mailer: resendMailer(apiKey, { baseUrl: fakeUrl(), timeoutMs }), fromAddress: MAIL_FROM, links: { baseUrl: 'https://solidarity.example', replyDomain: 'solidarity.example', secret: secret() } };
}

/** The secret link tokens are made with in tests. */
export function secret(): string {
  const s = linkSecret(env);
  if (!s) throw new Error('tests need a link secret');
  return s;
}

/** The worker's env with Resend pointed at the fake. */
export function fakeEnv(apiKey: string, extra: Partial<Bindings> = {}): Bindings {
  return { ...env, RESEND_API_KEY: apiKey, RESEND_BASE_URL: fakeUrl(), MAIL_FROM, PUBLIC_URL: 'https://solidarity.example', ...extra };
}

/** A campaign whose addresses are unique to it (throttle slots are per address), with `targets` targets. */
export async function isolatedCampaign(mail: Record<string, unknown> = {}, targets = 3, extra: Record<string, unknown> = {}) {
  const tag = unique('m');
  return createCampaign({
    ...extra,
    mail: {
      senderName: 'Zhanaozen Solidarity',
      to: `inbox-${tag}@example.org`,
      cc: [`copy-${tag}@example.org`],
      forward: 'each',
      targetPerHour: 3600,
      campaignPerHour: 36000,
      ...mail,
    },
    targets: Array.from({ length: targets }, (_, i) => ({ id: `t${i}`, name: `Embassy ${i}`, country: 'FR', email: `embassy-${i}-${tag}@example.org` })),
  });
}

/**
 * Pending signatures written straight into D1 (fast), each with a link token, so the
 * test can confirm them through the real confirm flow.
 */
export async function seedPending(slug: string, n: number, row: (i: number) => { target?: string; reply?: boolean; email?: string } = () => ({})) {
  const statements: D1PreparedStatement[] = [];
  const nonces: string[] = [];
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const nonce = newNonce();
    nonces.push(nonce);
    const r = row(i);
    const email = r.email ?? `s${i}-${unique('e')}@example.org`;
    statements.push(
      env.DB.prepare(
        `INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, reply_to_ok,
           consent_version, status, token_nonce, token_hash, token_expires_at, created_at, updated_at)
         SELECT c.id, ?2, ?2, ?3, 'FR', 'Lyon', ?4, (SELECT t.id FROM targets t WHERE t.campaign_id = c.id AND t.key = ?5), 1, ?6,
           '1', 'pending', ?10, ?7, ?8, ?9, ?9
         FROM campaigns c WHERE c.slug = ?1 RETURNING id`,
      ).bind(slug, email, `Supporter ${i}`, `Message number ${i} <b>&</b>`, r.target ?? null, r.reply ? 1 : 0, await linkHash(secret(), nonce), now + 86_400_000, now, nonce),
    );
  }
  const ids: number[] = [];
  for (let i = 0; i < statements.length; i += 200) {
    for (const result of await env.DB.batch<{ id: number }>(statements.slice(i, i + 200))) ids.push(result.results[0]?.id ?? 0);
  }
  return Promise.all(ids.map((id, i) => linkToken(secret(), id, nonces[i] ?? '')));
}

/** Outbox rows of a campaign, by status. */
export async function outboxCounts(slug: string): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    `SELECT status, count(*) AS n FROM outbox WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) GROUP BY status`,
  )
    .bind(slug)
    .all<{ status: string; n: number }>();
  return Object.fromEntries(results.map((r) => [r.status, r.n]));
}
