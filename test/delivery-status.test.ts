import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import worker from './limits/worker';
import { parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { fakeConfig, fakeEnv, fakeKey, isolatedCampaign, seedPending, setFaults } from './delivery-helpers';
import { makeToken } from './admin-helpers';
import { confirmFields, ORIGIN, signatureBody } from './helpers';

/** An organiser's API token for the campaign, as an Authorization header. */
async function bearer(slug: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await makeToken(slug)}` };
}

async function call(path: string, bindings: Bindings, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('GET /api/admin/campaigns/:slug/deliveries', () => {
  it('shows counts by status, the oldest waiting message and the last errors', async () => {
    const c = await isolatedCampaign({}, 2);
    const key = fakeKey();
    const tokens = await seedPending(c.slug, 3, (i) => ({ target: i === 0 ? 't0' : undefined }));
    for (const t of tokens) await confirm(env.DB, t);
    // Outbox: inbox(0), embassy(0), inbox(1), inbox(2). The embassy refuses; the last batch meets a 500.
    await setFaults(key, { rejectRecipient: c.targets[0]!.email, next: ['ok', 'ok', '500'] });
    const now = Date.now() + 60_000;
    await drainOutbox(env.DB, fakeConfig(key), { now: () => now, maxMessages: 1 });
    // This test is about the forwards: the receipt the first one's sending enqueued is out of the way.
    await env.DB.prepare(`DELETE FROM outbox WHERE kind = 'receipt' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).run();
    await drainOutbox(env.DB, fakeConfig(key), { now: () => now, maxMessages: 1 });
    await drainOutbox(env.DB, fakeConfig(key), { now: () => now, random: () => 0 });

    const res = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/${c.slug}/deliveries`, { headers: await bearer(c.slug) });
    expect(res.status).toBe(200);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      campaign: c.slug,
      forward: 'each',
      mail: { mailer: 'dev-mailbox', error: null },
      sent: 1,
      dead: 1,
      pending: 2,
      retrying: 2,
      oldestPendingAt: expect.any(Number),
      nextAttemptAt: now + 7_500,
    });
    const failed = { id: expect.any(String), kind: 'forward', status: 'pending', attempts: 1, error: '500 internal_server_error: Something went wrong.', at: now };
    // The latest error of each address (the summaries keep one per address, migration 0035):
    // the campaign inbox's two retries show once, beside the embassy's refusal.
    expect(body.lastErrors).toEqual([
      failed,
      { id: expect.any(String), kind: 'forward', status: 'dead', attempts: 1, error: `422 validation_error: emails[0]: ${c.targets[0]!.email} is not allowed (injected)`, at: now },
    ]);
  });

  it('says loudly when RESEND_API_KEY is set without MAIL_FROM, and keeps the mail waiting', async () => {
    const c = await isolatedCampaign();
    const broken = fakeEnv(fakeKey(), { MAIL_FROM: '' });
    const [token] = await seedPending(c.slug, 1, () => ({ target: 't0' }));
    const body = new URLSearchParams(await confirmFields(token!)).toString();
    const confirmed = await call(`/s/${token}/confirm`, broken, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(confirmed.status).toBe(303);
    const res = await call(`/api/admin/campaigns/${c.slug}/deliveries`, broken, { headers: await bearer(c.slug) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      mail: { mailer: null, error: 'RESEND_API_KEY is set but MAIL_FROM is empty: set MAIL_FROM to an address on a domain verified at Resend' },
      // The two forwards (campaign inbox and target) wait for the configuration; the
      // supporter's receipt is enqueued when the first of them goes.
      pending: 2,
      sent: 0,
      dead: 0,
    });
  });

  it('is for organisers only: 401 without a session or token', async () => {
    const c = await isolatedCampaign();
    const res = await call(`/api/admin/campaigns/${c.slug}/deliveries`, env);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('answers 404 JSON for an unknown campaign, with a valid token that stays unused', async () => {
    const c = await isolatedCampaign();
    const headers = await bearer(c.slug);
    const res = await SELF.fetch(`${ORIGIN}/api/admin/campaigns/no-such-campaign/deliveries`, { headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'There is no campaign with this slug.', issues: [], requestId: res.headers.get('x-request-id') } });
    // A refused request is no use of the token.
    const token = await env.DB.prepare('SELECT last_used_at FROM api_tokens WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first();
    expect(token).toEqual({ last_used_at: null });
  });
});

describe('GET /dev/mailbox', () => {
  it('shows a delivery line with the mailer, the counts and the last error', async () => {
    await env.DB.prepare(
      `INSERT INTO outbox (kind, idempotency_key, from_name, to_addrs, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, last_attempt_at, created_at)
       VALUES ('forward', 'status-line-test', 'X', '["a@example.org"]', 'S', 'T', 'H', 'dead', 3, 0, '422 validation_error: <bad> address', 9e15, 0)`,
    ).run();
    const res = await SELF.fetch(`${ORIGIN}/dev/mailbox`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const line = html.match(/<p class="status" data-delivery-status="true">(.*?)<\/p>/)?.[1] ?? '';
    expect(line).toMatch(/^Mail goes through dev-mailbox\. Outbox: \d+ sent, \d+ waiting \(\d+ retrying\), [1-9]\d* dead/);
    expect(line).toContain('; last error (message ');
    expect(line).toContain(', dead, 3 attempts): 422 validation_error: &lt;bad&gt; address');
  });
});

describe('campaign file addresses', () => {
  it('refuses invalid campaign and target addresses at push time, naming each field', () => {
    const file = { ...demo, mail: { ...demo.mail, to: 'Solidarity <solidarity@example.org>', cc: ['ok@example.org', 'not an address'] }, targets: [{ id: 'x', name: 'X', country: 'FR', email: 'embassy.example.org' }] };
    expect(() => parseCampaignFile(file)).toThrow(
      'Invalid campaign file:\n  mail.to: must be an email address (got "Solidarity <solidarity@example.org>")\n  mail.cc[1]: must be an email address (got "not an address")\n  targets[0].email: must be an email address (got "embassy.example.org")',
    );
  });
});
