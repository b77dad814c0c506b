import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { D1, WORKERS_FREE, WORKERS_PAID } from '../src/lib/platform-limits';
import { invocations, PlatformLimitError, settleInvocations, takeViolations } from './limits/invocation';
import { usePaidProfile } from './limits/profiles';
import worker, { asInvocation } from './limits/worker';
import { fakeUrl } from './delivery-helpers';
import { createCampaign, ORIGIN } from './helpers';

type Work = (db: D1Database, ctx: ExecutionContext) => Promise<unknown>;

/** Runs `work` as one free-profile invocation; answers what it threw, if anything. */
async function invoke(work: Work, profile = WORKERS_FREE): Promise<unknown> {
  const ctx = createExecutionContext();
  try {
    await asInvocation('test', profile, env, ctx, (e, c) => work(e.DB, c));
    return null;
  } catch (err) {
    return err;
  } finally {
    await waitOnExecutionContext(ctx);
  }
}

/** A statement with `n` bound parameters (?1 … ?n). */
function selectOf(db: D1Database, n: number): D1PreparedStatement {
  const slots = Array.from({ length: n }, (_, i) => `?${i + 1}`).join(', ');
  return db.prepare(`SELECT json_array(${slots}) AS a`).bind(...Array.from({ length: n }, (_, i) => i));
}

async function queries(db: D1Database, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await db.prepare('SELECT 1').first();
}

describe('the D1 binding held to D1 statement limits', () => {
  it('runs a statement with 100 bound parameters', async () => {
    expect(await invoke((db) => selectOf(db, D1.maxBoundParameters).first())).toBeNull();
    expect(takeViolations()).toEqual([]);
    expect(invocations().at(-1)?.maxParameters).toBe(100);
  });

  it('fails a statement with 101 bound parameters, in a batch too, and records it', async () => {
    expect(await invoke((db) => selectOf(db, 101).first())).toBeInstanceOf(PlatformLimitError);
    expect(await invoke((db) => db.batch([db.prepare('SELECT 1'), selectOf(db, 101)]))).toBeInstanceOf(PlatformLimitError);
    const crossed = takeViolations();
    expect(crossed).toHaveLength(2);
    expect(crossed[0]?.message).toMatch(/^a statement with 101 bound parameters, over D1's 100: SELECT json_array/);
  });

  it('fails a statement over 100,000 bytes of SQL', async () => {
    const long = `SELECT '${'x'.repeat(D1.maxStatementBytes)}' AS a`;
    expect(await invoke((db) => db.prepare(long).first())).toBeInstanceOf(PlatformLimitError);
    expect(takeViolations()[0]?.message).toMatch(/^a statement of 100014 bytes, over D1's 100000/);
  });

  it('holds a test’s own statements to the per-statement limits, outside any invocation', async () => {
    await expect(selectOf(env.DB, 101).first()).rejects.toBeInstanceOf(PlatformLimitError);
    expect(takeViolations()[0]?.invocation).toBe('(a test’s direct call)');
  });
});

describe('subrequests per invocation', () => {
  it('passes an invocation of 50 queries on the free profile', async () => {
    expect(await invoke((db) => queries(db, 50))).toBeNull();
    expect(invocations().at(-1)).toMatchObject({ queries: 50, fetches: 0, cacheCalls: 0 });
  });

  it('fails the 51st query of an invocation, which never runs, and records it once however often the code tries again', async () => {
    const err = await invoke((db) => queries(db, 51));
    expect(err).toBeInstanceOf(PlatformLimitError);
    expect(String(err)).toMatch(/51 subrequests \(51 D1 queries, 0 fetches, 0 Cache API calls\): over the 50 of Workers free/);
    const stubborn = async (db: D1Database) => {
      for (let i = 0; i < 60; i++) await db.prepare('SELECT 1').first().catch(() => null);
    };
    expect(await invoke(stubborn)).toBeNull();
    expect(takeViolations()).toHaveLength(2);
    const c = await createCampaign();
    const title = () => env.DB.prepare('SELECT title FROM campaigns WHERE slug = ?1').bind(c.slug).first('title');
    const before = await title();
    const rename = (db: D1Database) => db.prepare('UPDATE campaigns SET title = ?2 WHERE slug = ?1').bind(c.slug, 'Renamed').run();
    expect(await invoke(async (db) => (await queries(db, 50), await rename(db)))).toBeInstanceOf(PlatformLimitError);
    expect(await title()).toBe(before);
    expect(before).not.toBe('Renamed');
    takeViolations();
  });

  it('counts concurrent invocations apart: two of 30 queries each, interleaved, both pass', async () => {
    const ctx = createExecutionContext();
    const thirty = (label: string) => asInvocation(label, WORKERS_FREE, env, ctx, (e) => queries(e.DB, 30));
    await Promise.all([thirty('a'), thirty('b')]);
    expect(invocations().map((i) => [i.label, i.queries])).toEqual([['a', 30], ['b', 30]]);
  });

  it('counts each statement of a batch as one query', async () => {
    const batch = (db: D1Database, n: number) => db.batch(Array.from({ length: n }, () => db.prepare('SELECT 1')));
    expect(await invoke(async (db) => (await batch(db, 40), await batch(db, 10)))).toBeNull();
    expect(invocations().at(-1)?.queries).toBe(50);
    expect(await invoke(async (db) => (await batch(db, 40), await batch(db, 11)))).toBeInstanceOf(PlatformLimitError);
    expect(takeViolations()).toHaveLength(1);
  });

  it('counts fetches and Cache API calls with the queries', async () => {
    const cache = await caches.open('limits-test');
    const err = await invoke(async (db) => {
      await queries(db, 45);
      await fetch(`${fakeUrl()}/nothing-here`);
      await cache.put('http://x/a', new Response('a'));
      await cache.match('http://x/a');
      await cache.delete('http://x/a');
      await caches.default.match('http://x/b');
      await queries(db, 1);
    });
    expect(err).toBeInstanceOf(PlatformLimitError);
    expect(String(err)).toMatch(/51 subrequests \(46 D1 queries, 1 fetches, 4 Cache API calls\)/);
    takeViolations();
  });

  it('records a limit crossed inside waitUntil, after the invocation answered, even when the task swallows the error', async () => {
    expect(await invoke(async (db, ctx) => ctx.waitUntil(queries(db, 51).catch(() => undefined)))).toBeNull();
    await settleInvocations();
    expect(takeViolations()).toEqual([expect.objectContaining({ invocation: 'test', message: expect.stringMatching(/^51 subrequests/) })]);
  });

  it('holds an invocation to Workers Paid: 1000 D1 queries, not 1001', async () => {
    const batches = (db: D1Database, n: number) => Promise.all(Array.from({ length: n }, () => db.batch(Array.from({ length: 100 }, () => db.prepare('SELECT 1')))));
    expect(await invoke((db) => batches(db, 10), WORKERS_PAID)).toBeNull();
    expect(await invoke(async (db) => (await batches(db, 10), await db.prepare('SELECT 1').first()), WORKERS_PAID)).toBeInstanceOf(PlatformLimitError);
    expect(takeViolations()[0]?.message).toMatch(/^1001 D1 queries: over the 1000 of Workers paid/);
  });

  it('holds a request to Workers Paid when its test says so (usePaidProfile)', async () => {
    usePaidProfile('this test');
    const c = await createCampaign();
    expect((await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count`)).status).toBe(200);
    expect(invocations().at(-1)?.profile).toBe(WORKERS_PAID);
  });
});

describe('requests and crons through the test entry', () => {
  it('counts a SELF.fetch request as one invocation with its queries', async () => {
    const c = await createCampaign();
    const res = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/count`);
    expect(res.status).toBe(200);
    await settleInvocations();
    const seen = invocations().find((i) => i.label === `GET /api/campaigns/${c.slug}/count`);
    expect(seen?.profile).toBe(WORKERS_FREE);
    expect(seen?.queries).toBeGreaterThan(0);
  });

  it('counts a cron run called through the entry', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled({ cron: '17 3 * * *', scheduledTime: Date.now(), noRetry() {} }, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(invocations().at(-1)?.label).toBe('cron 17 3 * * *');
  });
});

describe('test files', () => {
  it('reach the Worker only through the counted entry (SELF or test/limits/worker.ts), never src/index.ts', () => {
    const sources = import.meta.glob(['./**/*.{ts,tsx}', '!./browser/**', '!./node/**', '!./limits/worker.ts', '!./entry.test.ts', '!./route-table.ts'], { query: '?raw', import: 'default', eager: true });
    const direct = Object.entries(sources).filter(([, text]) => /from '(\.\.\/)+src\/index'/.test(String(text))).map(([file]) => file);
    expect(direct).toEqual([]);
  });
});
