import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { currentPause } from '../src/db/mail-pauses';
import { drainOutbox } from '../src/email/drain';
import { resendMailer } from '../src/email/resend';
import { fakeConfig, fakeKey, fakeStats, fakeUrl, seedDueMail, setFaults } from './delivery-helpers';

/** `n` whole emails due now, to fresh addresses; their tag. */
const due = (n: number) => seedDueMail(n, 'q');

const rowsOf = (tag: string) =>
  env.DB.prepare(`SELECT status, attempts, next_attempt_at AS at FROM outbox WHERE idempotency_key LIKE 'q:' || ?1 || ':%'`).bind(tag).all<{ status: string; attempts: number; at: number }>();

// A pause stops every drain of this file's database: each test starts without one.
afterEach(async () => {
  await env.DB.prepare('DELETE FROM mail_pauses').run();
});

describe('Resend’s quota errors pause sending until the quota resets', () => {
  it('daily_quota_exceeded: nothing is retried before the next UTC midnight, then all of it goes', async () => {
    const tag = await due(3);
    const key = fakeKey();
    await setFaults(key, { next: ['daily-quota'] });
    const now = Date.UTC(2031, 4, 20, 15, 30);
    const midnight = Date.UTC(2031, 4, 21);
    const report = await drainOutbox(env.DB, fakeConfig(key), { now: () => now });
    expect(report.failures).toEqual([{ kind: 'quota', waitMs: midnight - now, error: '429 daily_quota_exceeded: You have reached your daily email sending quota.' }]);
    expect(await currentPause(env.DB, now)).toMatchObject({ mailer: 'resend', until: midnight, code: 'daily_quota_exceeded' });
    // Waiting, without an attempt spent.
    expect((await rowsOf(tag)).results).toEqual([0, 1, 2].map(() => ({ status: 'pending', attempts: 0, at: midnight })));
    const requests = (await fakeStats(key)).requests;
    for (const later of [now + 60_000, now + 3_600_000, midnight - 1]) await drainOutbox(env.DB, fakeConfig(key), { now: () => later });
    expect((await fakeStats(key)).requests).toBe(requests);
    await drainOutbox(env.DB, fakeConfig(key), { now: () => midnight });
    expect((await rowsOf(tag)).results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await currentPause(env.DB, midnight)).toBeNull();
  });

  it('monthly_quota_exceeded: paused until the first of next month', async () => {
    await due(1);
    const key = fakeKey();
    await setFaults(key, { next: ['monthly-quota'] });
    const now = Date.UTC(2031, 11, 30, 9);
    await drainOutbox(env.DB, fakeConfig(key), { now: () => now });
    expect(await currentPause(env.DB, now)).toMatchObject({ until: Date.UTC(2032, 0, 1), code: 'monthly_quota_exceeded' });
  });
});

describe('the fake Resend’s quota', () => {
  it('counts every To and CC address, and refuses the send that would pass it with 429 daily_quota_exceeded', async () => {
    const key = fakeKey();
    await setFaults(key, { quota: { daily: 4 } });
    const mailer = resendMailer(key, { baseUrl: fakeUrl() });
    const mail = (n: number) => ({ idempotencyKey: `quota-${key}-${n}`, from: 'a@example.org', to: ['x@example.org'], cc: ['y@example.org', 'z@example.org'], replyTo: null, subject: 's', text: 't', html: 'h' });
    expect(await mailer.sendBatch([mail(1)], `quota-${key}-1`)).toMatchObject({ ok: true });
    expect(await mailer.sendBatch([mail(2)], `quota-${key}-2`)).toMatchObject({ ok: false, kind: 'quota', code: 'daily_quota_exceeded' });
    expect((await fakeStats(key)).delivered).toHaveLength(1);
  });
});
