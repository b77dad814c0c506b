import { env } from 'cloudflare:test';
import { getCampaign } from '../src/db/campaigns';
import { drainOutbox } from '../src/email/drain';
import { linkHash, newNonce } from '../src/lib/link-token';
import { unsubscribeToken } from '../src/lib/unsubscribe-token';
import type { Delivered } from './fake-resend/server';
import { fakeConfig, fakeStats, secret } from './delivery-helpers';
import { unique } from './helpers';

/** A supporter as seeded straight into D1: its state, its opt-in, its language. */
export type Seed = { status?: 'pending' | 'confirmed' | 'withdrawn' | 'spam'; updates?: boolean; unsubscribed?: boolean; locale?: string; erased?: boolean };

/** Seeds supporters of a campaign; returns each one's id, address and unsubscribe token. */
export async function seedSupporters(slug: string, seeds: Seed[]): Promise<{ id: number; email: string; token: string }[]> {
  const campaign = await getCampaign(env.DB, slug);
  if (!campaign) throw new Error(`no campaign ${slug}`);
  const now = Date.now();
  const out: { id: number; email: string; token: string }[] = [];
  for (const s of seeds) {
    const nonce = newNonce();
    const email = `u-${unique('sup')}@example.org`;
    const status = s.status ?? 'confirmed';
    const row = await env.DB.prepare(
      `INSERT INTO signatures (campaign_id, email, inbox, name, country, city, consent_version, locale, status, token_nonce, token_hash,
         token_expires_at, created_at, updated_at, confirmed_at, updates_consent, unsubscribed_at)
       VALUES (?1, ?2, ?2, 'Ana', 'FR', 'Lyon', '1', ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11) RETURNING id`,
    )
      .bind(campaign.id, s.erased ? null : email, s.locale ?? 'en', status, nonce, await linkHash(secret(), nonce), now + 86_400_000, now,
        status === 'pending' ? null : now, s.updates === false ? null : 'updates-1', s.unsubscribed ? now : null)
      .first<{ id: number }>();
    if (!row) throw new Error('seed failed');
    out.push({ id: row.id, email, token: await unsubscribeToken(secret(), row.id, nonce) });
  }
  return out;
}

/** Drains the whole outbox through the fake under `key` (a day ahead: past every spacing) and returns what the fake delivered to `to`. */
export async function drainTo(key: string, to: string[]): Promise<Delivered[]> {
  for (let i = 0; i < 20; i++) {
    const report = await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 86_400_000, maxMessages: 1000 });
    if (report.claimed === 0) break;
  }
  return (await fakeStats(key)).delivered.filter((d) => d.to.some((a) => to.includes(a)));
}
