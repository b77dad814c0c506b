import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { markSpam, previewSpam } from '../src/db/bulk-spam';
import { moderationStatements, retryDeadStatements } from '../src/db/moderation';
import { notMeStatements } from '../src/db/not-me';
import { withdrawStatements } from '../src/db/signatures';
import { runBatch, type Statement } from '../src/db/statements';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import { readLinkToken } from '../src/lib/link-token';
import { fakeConfig, fakeKey, fakeStats, isolatedCampaign, seedPending } from './delivery-helpers';

const GAP = 120_000; // targetPerHour 30: a bucket of one

/** A campaign with `n` confirmed signatures writing to embassy t0, in order: ids and token hashes. */
async function queued(n: number) {
  const c = await isolatedCampaign({ targetPerHour: 30, campaignPerHour: 600 });
  const tokens = await seedPending(c.slug, n, () => ({ target: 't0' }));
  for (const t of tokens) await confirm(env.DB, t);
  const links = await Promise.all(tokens.map(async (t) => (await readLinkToken(t))!));
  const campaignId = (await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(c.slug).first<number>('id'))!;
  return { c, ids: links.map((l) => l.id), hashes: links.map((l) => l.hash), campaignId, embassy: c.targets[0]!.email };
}

/** Which signatures' forwards reached `address` after drains one gap apart, from `t0`. */
async function sentOrder(address: string, drains: number, t0: number): Promise<number[][]> {
  const key = fakeKey();
  const order: number[][] = [];
  for (let i = 0; i < drains; i++) {
    await drainOutbox(env.DB, fakeConfig(key), { now: () => t0 + i * GAP });
    const { results } = await env.DB.prepare(`SELECT signature_id AS id FROM outbox WHERE to_addrs = json_array(?1) AND status = 'sent' ORDER BY sent_at, signature_id`)
      .bind(address)
      .all<{ id: number }>();
    order.push(results.map((r) => r.id));
  }
  expect((await fakeStats(key)).delivered.filter((d) => d.to[0] === address)).toHaveLength(order.at(-1)!.length);
  return order;
}

describe('send budgets freed by spam marking and withdrawal', () => {
  it('a message marked as spam is dropped and the one behind it takes its turn', async () => {
    const q = await queued(4);
    await runBatch(env.DB, moderationStatements(q.campaignId, q.ids[1]!, 'spam', 'org@example.org', Date.now()));
    const [a, , c, d] = q.ids;
    expect(await sentOrder(q.embassy, 3, Date.now() + 1_000)).toEqual([[a], [a, c], [a, c, d]]);
  });

  it('a withdrawn signature’s forward is dropped and the queue behind it goes a slot sooner', async () => {
    const q = await queued(3);
    await runBatch(env.DB, withdrawStatements(q.ids[0]!, q.hashes[0]!, Date.now()));
    const [, b, c] = q.ids;
    expect(await sentOrder(q.embassy, 2, Date.now() + 1_000)).toEqual([[b], [b, c]]);
  });

  it('changes nothing in another campaign’s budget', async () => {
    const q = await queued(2);
    const other = await queued(2);
    const budget = () => env.DB.prepare('SELECT next_at, granted FROM mail_slots WHERE throttle_key = ?1').bind(`to:${other.embassy}`).first();
    await drainOutbox(env.DB, fakeConfig(fakeKey()), { now: () => Date.now() + 1_000 });
    const before = await budget();
    expect(before).toMatchObject({ granted: 1 });
    await runBatch(env.DB, moderationStatements(q.campaignId, q.ids[0]!, 'spam', 'org@example.org', Date.now()));
    expect(await budget()).toEqual(before);
  });
});

/** Rows D1 says a batch read and wrote. */
async function cost(statements: Statement[]): Promise<{ read: number; written: number }> {
  const results = await runBatch(env.DB, statements);
  return results.reduce((t, r) => ({ read: t.read + (r.meta.rows_read ?? 0), written: t.written + (r.meta.rows_written ?? 0) }), { read: 0, written: 0 });
}

/** `n` more forwards waiting for the campaign's embassy t0, written straight into D1 (keys of signatures that do not exist). */
async function fill(campaignId: number, embassy: string, n: number, from: number): Promise<void> {
  await env.DB.prepare(
    `WITH RECURSIVE i (n) AS (SELECT ?3 UNION ALL SELECT n + 1 FROM i WHERE n < ?3 + ?4 - 1)
     INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, throttle_key, next_attempt_at, created_at)
     SELECT 'c' || ?1 || ':s' || (900000000 + n) || '.1:target', 'forward', ?1, 900000000 + n, 'x', json_array(?2), 'to:' || ?2, 1000 + n, 1000 + n FROM i`,
  )
    .bind(campaignId, embassy, from, n)
    .run();
}

/** Each removal once, on fresh signatures of a campaign whose embassy has `queue` forwards waiting. */
async function removals(queue: number) {
  const q = await queued(6);
  await fill(q.campaignId, q.embassy, queue, 0);
  const [pending] = await seedPending(q.c.slug, 1, () => ({ target: 't0', email: `pending-${crypto.randomUUID().slice(0, 8)}@spam.example` }));
  const notMe = (await readLinkToken(pending!))!;
  const now = Date.now();
  await env.DB.prepare(`UPDATE outbox SET status = 'dead' WHERE signature_id = ?1`).bind(q.ids[5]).run();
  return {
    withdraw: await cost(withdrawStatements(q.ids[0]!, q.hashes[0]!, now)),
    notMe: await cost(notMeStatements(notMe.id, notMe.hash, crypto.randomUUID().replace(/-/g, '').repeat(2), now)),
    spamOne: await cost(moderationStatements(q.campaignId, q.ids[1]!, 'spam', 'org@example.org', now)),
    retryDead: await cost(retryDeadStatements(q.campaignId, 'org@example.org', now)),
    queue: (await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE throttle_key = ?1 AND status = 'pending'`).bind(`to:${q.embassy}`).first<number>('n'))!,
    bulk: await markSpamCost(q.campaignId, q.ids.slice(2, 5)),
  };
}

/** Bulk spam marking of the given signatures (by a domain only they use), with D1's counts for the batch. */
async function markSpamCost(campaignId: number, ids: number[]): Promise<{ marked: number; read: number; written: number }> {
  const domain = `bulk-${crypto.randomUUID().slice(0, 8)}.example`;
  await env.DB.prepare(`UPDATE signatures SET email = 'x' || id || '@' || ?1 WHERE id IN (SELECT value FROM json_each(?2))`).bind(domain, JSON.stringify(ids)).run();
  let meta = { read: 0, written: 0 };
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop !== 'batch') return Reflect.get(target, prop);
      return async (s: D1PreparedStatement[]) => {
        const results = await target.batch(s);
        meta = results.reduce((t, r) => ({ read: t.read + (r.meta.rows_read ?? 0), written: t.written + (r.meta.rows_written ?? 0) }), meta);
        return results;
      };
    },
  });
  const filter = { domain, network: null, from: null, to: null };
  const preview = await previewSpam(env.DB, campaignId, filter);
  const marked = await markSpam(db, campaignId, filter, preview.upTo!, 'org@example.org', Date.now(), preview.lowest!);
  return { marked, ...meta };
}

describe('removals cost the same whatever is queued (issue 25)', () => {
  it('withdrawal, "this wasn’t me", spam (one and bulk) and retrying dead mail read and write as many rows with 2,000 or 10,000 forwards queued at one embassy', async () => {
    const small = await removals(2_000);
    const large = await removals(10_000);
    expect([small.queue, large.queue]).toEqual([2_004, 10_004]);
    expect(small.bulk.marked).toBe(3);
    for (const action of ['withdraw', 'notMe', 'spamOne', 'retryDead', 'bulk'] as const) {
      expect({ action, ...large[action] }).toEqual({ action, ...small[action] });
      // A handful of rows, nowhere near the queue's length.
      expect(small[action].read).toBeLessThan(200);
    }
  }, 60_000);
});
