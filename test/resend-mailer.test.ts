import { describe, expect, it } from 'vitest';
import { classify, resendMailer } from '../src/email/resend';
import type { OutgoingEmail } from '../src/email/mailer';
import { RESEND } from '../src/lib/platform-limits';
import { fakeKey, fakeStats, fakeUrl, setFaults } from './delivery-helpers';
import { takeViolations } from './limits/invocation';

function email(id: number, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    idempotencyKey: `test-${id}`,
    from: '"Campaign" <campaigns@solidarity.example>',
    to: [`to-${id}@example.org`],
    cc: [],
    replyTo: null,
    subject: `Subject ${id}`,
    text: `Text ${id}`,
    html: `<p>Text ${id}</p>`,
    ...overrides,
  };
}

describe('resendMailer against the fake Resend', () => {
  it('sends one email to POST /emails and several to POST /emails/batch, with their ids', async () => {
    const key = fakeKey();
    const mailer = resendMailer(key, { baseUrl: fakeUrl() });
    const one = await mailer.sendBatch([email(1, { cc: ['cc@example.org'], replyTo: 'ana@example.org' })], 'test-1');
    const many = await mailer.sendBatch([email(2), email(3)], 'batch-a');
    expect(one).toMatchObject({ ok: true, providerIds: [expect.any(String)] });
    expect(many).toMatchObject({ ok: true, providerIds: [expect.any(String), expect.any(String)] });
    const stats = await fakeStats(key);
    expect(stats.delivered.map((d) => [d.endpoint, d.requestKey, d.to[0], d.headers?.['X-Entity-Ref-ID']])).toEqual([
      ['emails', 'test-1', 'to-1@example.org', 'test-1'],
      ['batch', 'batch-a', 'to-2@example.org', 'test-2'],
      ['batch', 'batch-a', 'to-3@example.org', 'test-3'],
    ]);
    expect(stats.delivered[0]).toMatchObject({ from: '"Campaign" <campaigns@solidarity.example>', cc: ['cc@example.org'], reply_to: 'ana@example.org' });
  });

  it('replays the same key and payload without a second send, and takes a 409 for another payload as already sent', async () => {
    const key = fakeKey();
    const mailer = resendMailer(key, { baseUrl: fakeUrl() });
    const first = await mailer.sendBatch([email(1), email(2)], 'batch-x');
    const again = await mailer.sendBatch([email(1), email(2)], 'batch-x');
    expect(again).toEqual(first);
    const other = await mailer.sendBatch([email(1)], 'batch-x');
    expect(other).toEqual({ ok: true, providerIds: [null] });
    const stats = await fakeStats(key);
    expect(stats.delivered).toHaveLength(2);
    expect(stats).toMatchObject({ replays: 1, conflicts: 1 });
  });

  it('sorts every fault into what the drainer must do', async () => {
    const key = fakeKey();
    const mailer = resendMailer(key, { baseUrl: fakeUrl(), timeoutMs: 100 });
    await setFaults(key, { next: ['429', '500', 'slow', 'drop', '422'], retryAfterSeconds: 7 });
    const results = [];
    for (let i = 1; i <= 5; i++) results.push(await mailer.sendBatch([email(i)], `k-${i}`));
    expect(results).toEqual([
      { ok: false, kind: 'throttled', retryAfterMs: 7000, error: '429 rate_limit_exceeded: Too many requests.' },
      { ok: false, kind: 'ambiguous', retryAfterMs: null, error: '500 internal_server_error: Something went wrong.' },
      { ok: false, kind: 'ambiguous', retryAfterMs: null, error: 'no answer application_error: Unable to fetch data. The request could not be resolved.' },
      { ok: false, kind: 'ambiguous', retryAfterMs: null, error: 'no answer application_error: Unable to fetch data. The request could not be resolved.' },
      { ok: false, kind: 'rejected', retryAfterMs: null, error: '422 validation_error: Injected validation error' },
    ]);
    // The slow and dropped requests did send: a retry under their keys is a replay, not a second send.
    const whileSlow = await mailer.sendBatch([email(3)], 'k-3');
    expect(whileSlow).toMatchObject({ ok: false, kind: 'in-flight' });
    await new Promise((r) => setTimeout(r, 450));
    expect(await mailer.sendBatch([email(3)], 'k-3')).toMatchObject({ ok: true });
    expect(await mailer.sendBatch([email(4)], 'k-4')).toMatchObject({ ok: true });
    const stats = await fakeStats(key);
    expect(stats.delivered.map((d) => d.requestKey)).toEqual(['k-3', 'k-4']);
  });

  it('treats a bad API key or a wrong base URL as a configuration error, not a dead message', async () => {
    const bad = await resendMailer('re_invalid_key', { baseUrl: fakeUrl() }).sendBatch([email(1)], 'k');
    expect(bad).toEqual({ ok: false, kind: 'config', retryAfterMs: 300_000, error: '403 invalid_api_key: API key is invalid.' });
    const wrongUrl = await resendMailer(fakeKey(), { baseUrl: `${fakeUrl()}/v9` }).sendBatch([email(1)], 'k');
    expect(wrongUrl).toMatchObject({ ok: false, kind: 'config' });
    expect(classify(409, 'concurrent_idempotent_requests')).toBe('in-flight');
    expect(classify(400, 'invalid_idempotency_key')).toBe('rejected');
    expect(classify(503, 'x')).toBe('ambiguous');
  });
});

describe('the fake Resend held to Resend’s limits', () => {
  const recipients = (n: number) => Array.from({ length: n }, (_, i) => `r-${i}@example.org`);

  it('takes a batch of 100 emails, and one email to 50 addresses', async () => {
    const mailer = resendMailer(fakeKey(), { baseUrl: fakeUrl() });
    const batch = Array.from({ length: RESEND.maxBatchEmails }, (_, i) => email(i));
    expect(await mailer.sendBatch(batch, 'full')).toMatchObject({ ok: true });
    expect(await mailer.sendBatch([email(1, { to: recipients(RESEND.maxRecipientsPerEmail) })], 'wide')).toMatchObject({ ok: true });
    expect(takeViolations()).toEqual([]);
  });

  it('refuses a batch of 101 emails and an email to 51 addresses as Resend does (422), and fails the test', async () => {
    const key = fakeKey();
    const mailer = resendMailer(key, { baseUrl: fakeUrl() });
    const over = await mailer.sendBatch(Array.from({ length: 101 }, (_, i) => email(i)), 'over');
    const wide = await mailer.sendBatch([email(1, { to: recipients(51) })], 'too-wide');
    expect(over).toEqual({ ok: false, kind: 'rejected', retryAfterMs: null, error: "422 invalid_parameter: a batch of 101 emails, over Resend's 100" });
    expect(wide).toEqual({ ok: false, kind: 'rejected', retryAfterMs: null, error: "422 invalid_parameter: emails[0].to: 51 addresses, over Resend's 50" });
    expect((await fakeStats(key)).delivered).toEqual([]);
    expect(takeViolations().map((v) => v.message)).toEqual([
      "Resend refused a request over its limits: a batch of 101 emails, over Resend's 100",
      "Resend refused a request over its limits: emails[0].to: 51 addresses, over Resend's 50",
    ]);
  });

  it('refuses a tag outside Resend’s charset', async () => {
    const key = fakeKey();
    const res = await fetch(`${fakeUrl()}/emails`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'a@example.org', to: 'b@example.org', subject: 'S', text: 'T', tags: [{ name: 'outbox', value: 'c1:s2.target' }] }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ statusCode: 422, name: 'invalid_parameter', message: 'emails[0].tags: names and values of ASCII letters, numbers, _ or -, at most 256: outbox=c1:s2.target' });
    expect(takeViolations()).toHaveLength(1);
  });
});
