import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { enqueueStatement, type NewMail } from '../src/db/outbox';
import { claimDue } from '../src/db/outbox-claim';
import { openBatches } from '../src/db/outbox-queue';
import { toEmail } from '../src/email/drain-plan';
import { runBatch } from '../src/db/statements';
import { drainOutbox, LEASE_MS } from '../src/email/drain';
import { MAX_ATTEMPTS } from '../src/email/drain-plan';
import { fakeConfig, fakeKey, fakeStats, setFaults } from './delivery-helpers';
import { unique } from './helpers';

/** Enqueues `n` plain mails (no campaign) and returns their keys. */
async function enqueue(n: number, to: (i: number) => string = (i) => `r${i}-${unique()}@example.org`): Promise<string[]> {
  const keys: string[] = [];
  const now = Date.now();
  const statements = [];
  // Keys sort in the order made, as the drainer sends a claim in key order.
  const base = unique('msg');
  for (let i = 0; i < n; i++) {
    const mail: NewMail = { kind: 'forward', campaignId: null, idempotencyKey: `${base}-${String(i).padStart(3, '0')}`, fromName: 'Camp "A"', to: [to(i)], subject: `S${i}`, text: `T${i}`, html: `<p>T${i}</p>` };
    keys.push(mail.idempotencyKey);
    statements.push(enqueueStatement(mail, now));
  }
  await runBatch(env.DB, statements);
  return keys;
}

type Row = { idempotency_key: string; status: string; attempts: number; next_attempt_at: number; last_attempt_at: number | null; last_error: string | null; batch_key: string | null; provider_id: string | null };
async function rows(keys: string[]): Promise<Row[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM outbox WHERE idempotency_key IN (SELECT value FROM json_each(?1)) ORDER BY idempotency_key`).bind(JSON.stringify(keys)).all<Row>();
  return results;
}

describe('drainOutbox', () => {
  it('sends due mail in one batch call and records each as sent with its provider id', async () => {
    const key = fakeKey();
    const keys = await enqueue(3);
    const report = await drainOutbox(env.DB, fakeConfig(key));
    expect(report).toMatchObject({ sent: 3, retried: 0, dead: 0 });
    const stats = await fakeStats(key);
    expect(stats.requests).toBe(1);
    expect(stats.delivered.map((d) => d.headers?.['X-Entity-Ref-ID'])).toEqual(keys);
    expect(stats.delivered[0]?.from).toBe('"Camp A" <campaigns@solidarity.example>');
    const after = await rows(keys);
    expect(after.map((r) => [r.status, r.attempts, r.provider_id])).toEqual(stats.delivered.map((d) => ['sent', 1, d.id]));
  });

  it('honours retry-after on a 429, without counting an attempt, and stops the run', async () => {
    const key = fakeKey();
    await setFaults(key, { next: ['429'], retryAfterSeconds: 30 });
    const keys = await enqueue(2);
    const now = Date.now();
    const report = await drainOutbox(env.DB, fakeConfig(key), { now: () => now });
    expect(report.failures).toEqual([{ kind: 'throttled', waitMs: 30_000, error: '429 rate_limit_exceeded: Too many requests.' }]);
    const after = await rows(keys);
    expect(after.map((r) => [r.status, r.attempts, r.next_attempt_at - now])).toEqual([['pending', 0, 30_000], ['pending', 0, 30_000]]);
    expect(await drainOutbox(env.DB, fakeConfig(key), { now: () => now + 29_999 })).toMatchObject({ claimed: 0 });
    expect(await drainOutbox(env.DB, fakeConfig(key), { now: () => now + 30_000 })).toMatchObject({ sent: 2 });
    expect((await fakeStats(key)).delivered).toHaveLength(2);
  });

  it('backs off exponentially with jitter after a 500 and retries the same batch under the same key', async () => {
    const key = fakeKey();
    await setFaults(key, { next: ['500', '500'] });
    const keys = await enqueue(2);
    let now = Date.now();
    const r1 = await drainOutbox(env.DB, fakeConfig(key), { now: () => now, random: () => 0 });
    expect(r1.failures[0]).toMatchObject({ kind: 'ambiguous', waitMs: 7_500 });
    const first = await rows(keys);
    expect(first.map((r) => [r.attempts, r.next_attempt_at - now, r.last_attempt_at === now])).toEqual([[1, 7_500, true], [1, 7_500, true]]);
    expect(first[0]?.batch_key).toMatch(/^batch-/);
    expect(first[1]?.batch_key).toBe(first[0]?.batch_key);
    now += 7_500;
    const r2 = await drainOutbox(env.DB, fakeConfig(key), { now: () => now, random: () => 1 });
    expect(r2.failures[0]).toMatchObject({ kind: 'ambiguous', waitMs: 30_000 });
    now += 30_000;
    expect(await drainOutbox(env.DB, fakeConfig(key), { now: () => now })).toMatchObject({ sent: 2 });
    const stats = await fakeStats(key);
    expect(new Set(stats.delivered.map((d) => d.requestKey))).toEqual(new Set([first[0]?.batch_key]));
    expect((await rows(keys)).map((r) => [r.status, r.attempts, r.last_error])).toEqual([['sent', 3, null], ['sent', 3, null]]);
  });

  it('splits a batch refused with a 422 and kills only the message refused on its own, keeping the error', async () => {
    const key = fakeKey();
    await setFaults(key, { rejectRecipient: 'refused' });
    const keys = await enqueue(3, (i) => (i === 1 ? `refused-${unique()}@example.org` : `ok${i}-${unique()}@example.org`));
    await drainOutbox(env.DB, fakeConfig(key));
    const after = await rows(keys);
    expect(after.map((r) => r.status)).toEqual(['sent', 'dead', 'sent']);
    expect(after[1]?.last_error).toMatch(/^422 validation_error: emails\[0\]: refused-.* is not allowed \(injected\)$/);
    expect(after.map((r) => r.batch_key)).toEqual(keys);
    expect((await fakeStats(key)).delivered).toHaveLength(2);
  });

  it('gives up after MAX_ATTEMPTS failed attempts and keeps the last error', async () => {
    const key = fakeKey();
    await setFaults(key, { rates: { '500': 1 } });
    const keys = await enqueue(1);
    let now = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await drainOutbox(env.DB, fakeConfig(key), { now: () => now });
      now += 3_600_000;
    }
    const [row] = await rows(keys);
    expect(row).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, last_error: `gave up after ${MAX_ATTEMPTS} attempts: 500 internal_server_error: Something went wrong.` });
  });

  it('kills a message with an invalid address before any send, with a clear error', async () => {
    const key = fakeKey();
    const keys = await enqueue(2, (i) => (i === 0 ? 'Embassy <embassy@example.org>' : `ok-${unique()}@example.org`));
    await drainOutbox(env.DB, fakeConfig(key));
    const after = await rows(keys);
    expect(after.map((r) => [r.status, r.last_error])).toEqual([
      ['dead', 'invalid address "Embassy <embassy@example.org>": fix the campaign file and push it again'],
      ['sent', null],
    ]);
  });

  it('leaves the outbox untouched and says why when mail is not configured', async () => {
    const keys = await enqueue(1);
    const report = await drainOutbox(env.DB, { ok: false, error: 'RESEND_API_KEY is set but MAIL_FROM is empty' });
    expect(report).toMatchObject({ claimed: 0, configError: 'RESEND_API_KEY is set but MAIL_FROM is empty' });
    expect((await rows(keys))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('after a drain dies mid-batch, takes the rows again once the lease expires and sends each once', async () => {
    const key = fakeKey();
    const config = fakeConfig(key);
    if (!config.ok) throw new Error('unreachable');
    const keys = await enqueue(5);
    const now = Date.now();
    // A drain claims the rows, writes down their batch key, sends, and dies before recording.
    const leased = await claimDue(env.DB, 'dead-drainer', now, LEASE_MS, 100, 'batch-dead-drainer');
    expect(leased.filter((r) => keys.includes(r.idempotency_key))).toHaveLength(5);
    await openBatches(env.DB, [{ key: 'batch-dead-drainer', members: leased.map((r) => r.idempotency_key) }], now);
    const content = (r: (typeof leased)[number]) => ({ subject: r.subject ?? '', text: r.text_body ?? '', html: r.html_body ?? '' });
    const emails = leased.map((r) => toEmail(r, config.fromAddress, content(r))).filter((e) => typeof e !== 'string');
    expect(await config.mailer.sendBatch(emails, 'batch-dead-drainer')).toMatchObject({ ok: true });

    // Until the lease runs out nobody takes them; then the next run repeats the same request.
    const before = await drainOutbox(env.DB, config, { now: () => now + LEASE_MS - 1 });
    expect(before.sent).toBe(0);
    await drainOutbox(env.DB, config, { now: () => now + LEASE_MS });
    const stats = await fakeStats(key);
    const mine = stats.delivered.filter((d) => keys.includes(d.headers?.['X-Entity-Ref-ID'] ?? ''));
    expect(mine.map((d) => d.headers?.['X-Entity-Ref-ID'])).toEqual(keys);
    expect(stats.replays).toBe(1);
    expect((await rows(keys)).map((r) => [r.status, r.attempts, r.provider_id])).toEqual(mine.map((d) => ['sent', 2, d.id]));
  });
});
