import { env, SELF } from 'cloudflare:test';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import type { WebhookAsk, WebhookRequest } from './fake-resend/webhooks';
import { fakeConfig, fakeKey, fakeUrl, isolatedCampaign, seedPending } from './delivery-helpers';
import { ORIGIN } from './helpers';

/** The webhook secret the worker is configured with in tests (vitest.config.ts). */
export const SECRET = env.RESEND_WEBHOOK_SECRET ?? '';

/** Asks the fake Resend for a signed webhook event about a mail it delivered for `apiKey`. */
export async function signedEvent(apiKey: string, ask: Omit<WebhookAsk, 'secret'> & { secret?: string }): Promise<WebhookRequest> {
  const res = await fetch(`${fakeUrl()}/_fake/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ secret: SECRET, ...ask }),
  });
  if (!res.ok) throw new Error(`fake: ${res.status}`);
  return res.json<WebhookRequest>();
}

/** Posts a webhook request to the app, as Resend would. */
export function postWebhook(req: WebhookRequest, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/api/webhooks/resend`, { method: 'POST', headers: { ...req.headers, ...headers }, body: req.body });
}

export type SentRow = { idempotency_key: string; kind: string; provider_id: string; to_addrs: string; receipt_id: string | null; receipt_target: string | null; delivery: string | null; delivery_error: string | null; status: string; next_attempt_at: number; throttle_key: string | null };

/** A campaign with `n` confirmed supporters (target t0 for each), their mail sent through the fake; the sent forwards. */
export async function sentThroughFake(n = 1, targetPerHour = 3600, extra: Record<string, unknown> = {}) {
  const key = fakeKey();
  const campaign = await isolatedCampaign({ targetPerHour }, 2, extra);
  const tokens = await seedPending(campaign.slug, n, () => ({ target: 't0' }));
  for (const t of tokens) await confirm(env.DB, t);
  // The forwards, then the receipts their sending enqueued.
  for (let round = 0; round < 2; round++) await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 3_600_000 });
  const forwards = await outboxRows(campaign.slug);
  return { key, campaign, tokens, forwards };
}

/** A campaign's forwards, oldest first (the campaign's copy before the target's). */
export async function outboxRows(slug: string): Promise<SentRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT * FROM outbox WHERE kind = 'forward' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY signature_id, idempotency_key`,
  )
    .bind(slug)
    .all<SentRow>();
  return results;
}
