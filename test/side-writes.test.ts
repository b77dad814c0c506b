import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRIVACY_CRON } from '../src/db/privacy';
import { runCron } from '../src/email/cron';
import { DIGEST_GRACE_MS } from '../src/email/digest';
import { mailConfig, type MailConfig } from '../src/email/index';
import { confirm } from '../src/flows/signing';
import worker from '../src/index';
import { makeToken } from './admin-helpers';
import { isolatedCampaign, seedPending } from './delivery-helpers';
import { ORIGIN } from './helpers';

const DAY = 86_400_000;
/** A UTC day whose digests are due at `DUE`. */
const DIGEST_DAY = Date.UTC(2026, 10, 20);
const DUE = DIGEST_DAY + DAY + DIGEST_GRACE_MS;

type OutboxRow = { kind: string; status: string };

async function outboxOf(slug: string): Promise<OutboxRow[]> {
  // The supporters' receipts (written when they confirmed) are not what these tests are about.
  const { results } = await env.DB.prepare(`SELECT kind, status FROM outbox WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND kind <> 'receipt' ORDER BY created_at, idempotency_key`)
    .bind(slug)
    .all<OutboxRow>();
  return results;
}

/** A digest campaign with one message confirmed on DIGEST_DAY, so a digest is due at DUE. */
async function digestCampaign() {
  const c = await isolatedCampaign({ forward: 'digest' });
  const [token] = await seedPending(c.slug, 1);
  await confirm(env.DB, token!);
  await env.DB.prepare('UPDATE signatures SET confirmed_at = ?2 WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)')
    .bind(c.slug, DIGEST_DAY + 3_600_000)
    .run();
  return c;
}

/**
 * Runs `body` while one digest campaign's row cannot be read (settings the code rejects),
 * the kind of fault that used to stop the cron for every campaign; restores it after.
 */
async function withBrokenCampaign(body: (slug: string) => Promise<void>): Promise<void> {
  const broken = await isolatedCampaign({ forward: 'digest' });
  const { settings } = (await env.DB.prepare('SELECT settings FROM campaigns WHERE slug = ?1').bind(broken.slug).first<{ settings: string }>())!;
  await env.DB.prepare(`UPDATE campaigns SET settings = '{"broken":true}' WHERE slug = ?1`).bind(broken.slug).run();
  try {
    await body(broken.slug);
  } finally {
    await env.DB.prepare('UPDATE campaigns SET settings = ?2 WHERE slug = ?1').bind(broken.slug, settings).run();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runCron', () => {
  it('enqueues and sends the other campaigns’ digests when one campaign’s digest fails, then fails the run', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await withBrokenCampaign(async (brokenSlug) => {
      const good = await digestCampaign();
      const run = runCron(env.DB, mailConfig(env), DUE);
      await expect(run).rejects.toThrow('outbox: cron run failed in 1 step(s)');
      const err = await run.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AggregateError);
      const [digestError] = (err as AggregateError).errors as AggregateError[];
      expect(digestError?.message).toBe('digests: 1 campaign(s) failed, 1 digest(s) enqueued for the others');
      expect((digestError?.errors[0] as Error).message).toBe(`digest of campaign ${brokenSlug} failed`);
      // The drain still ran: the good campaign's digest went out.
      expect(await outboxOf(good.slug)).toEqual([{ kind: 'digest', status: 'sent' }]);
    });
  });

  it('fails the run when the drain fails, after the digests were enqueued', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = await digestCampaign();
    const crashing: MailConfig = {
      ok: true,
      fromAddress: 'campaigns@solidarity.example',
      links: { baseUrl: 'https://solidarity.example', replyDomain: 'solidarity.example', secret: 'test-secret' },
      mailer: { name: 'crashing', maxBatch: 100, sendBatch: () => Promise.reject(new Error('mailer crashed')) },
    };
    const err = await runCron(env.DB, crashing, DUE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e) => (e as Error).message)).toEqual(['mailer crashed']);
    expect(logged).toHaveBeenCalledWith('outbox: cron step "drain" failed', expect.any(Error));
    expect((await outboxOf(good.slug)).map((r) => r.kind)).toEqual(['digest']);
  });

  it('answers the drain report when every step succeeds', async () => {
    const good = await digestCampaign();
    const report = await runCron(env.DB, mailConfig(env), DUE);
    expect(report).toMatchObject({ configError: null, failures: [] });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(await outboxOf(good.slug)).toEqual([{ kind: 'digest', status: 'sent' }]);
  });
});

describe('scheduled()', () => {
  it('rejects, so the invocation shows as failed, when a step of the every-minute cron fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await withBrokenCampaign(async () => {
      const good = await digestCampaign();
      const ctx = createExecutionContext();
      await expect(worker.scheduled(createScheduledController({ scheduledTime: DUE, cron: '* * * * *' }), env, ctx)).rejects.toBeInstanceOf(AggregateError);
      await waitOnExecutionContext(ctx);
      expect(await outboxOf(good.slug)).toEqual([{ kind: 'digest', status: 'sent' }]);
    });
  });

  it('runs the privacy sweep on the daily cron', async () => {
    const c = await isolatedCampaign();
    await seedPending(c.slug, 1);
    await env.DB.prepare(`UPDATE signatures SET ip_hash = 'old-hash', created_at = ?2 WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`)
      .bind(c.slug, Date.now() - 31 * DAY)
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: PRIVACY_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
    const row = await env.DB.prepare('SELECT ip_hash FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first();
    expect(row).toEqual({ ip_hash: null });
  });
});

describe('wrangler.toml crons', () => {
  it('are the every-minute outbox cron and the privacy cron the code listens for', () => {
    const [toml] = Object.values(import.meta.glob('../wrangler.toml', { query: '?raw', import: 'default', eager: true }));
    expect(typeof toml).toBe('string');
    const crons = /^crons\s*=\s*\[([^\]]*)\]/m.exec(String(toml))?.[1];
    expect(crons && [...crons.matchAll(/"([^"]*)"/g)].map((m) => m[1])).toEqual(['* * * * *', PRIVACY_CRON]);
  });
});

describe('API token use (campaignAccess)', () => {
  it('is written after the response: a failing write leaves the answer as it was, and is logged', async () => {
    const c = await isolatedCampaign();
    const token = await makeToken(c.slug, 'mark-fails');
    // A real D1 failure on exactly this write (a trigger, not a mock).
    await env.DB.prepare(
      `CREATE TRIGGER fail_mark_token BEFORE UPDATE OF last_used_at ON api_tokens WHEN OLD.label = 'mark-fails'
       BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    ).run();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const ctx = createExecutionContext();
      const req = new Request(`${ORIGIN}/api/admin/campaigns/${c.slug}/signatures.csv`, { headers: { authorization: `Bearer ${token}`, 'cf-ray': '0123456789abcdef-FRA' } });
      const res = await worker.fetch(req, env, ctx);
      expect(res.status).toBe(200);
      expect((await res.text()).split('\r\n')[0]).toBe('"id","status","signed at","confirmed at","name","email","country","city","target","message","public","consent","updates","updates consent","source"');
      await waitOnExecutionContext(ctx);
      expect(logged).toHaveBeenCalledWith('api token: recording its use failed', { requestId: '0123456789abcdef-FRA' }, expect.any(Error));
      const row = await env.DB.prepare(`SELECT last_used_at FROM api_tokens WHERE label = 'mark-fails'`).first();
      expect(row).toEqual({ last_used_at: null });
    } finally {
      await env.DB.prepare('DROP TRIGGER fail_mark_token').run();
    }
  });
});
