import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { moderationStatements } from '../src/db/moderation';
import { withdrawStatements } from '../src/db/signatures';
import { runBatch } from '../src/db/statements';
import { confirm } from '../src/flows/signing';
import { readLinkToken } from '../src/lib/link-token';
import { isolatedCampaign, seedPending } from './delivery-helpers';
import { ORIGIN } from './helpers';

const GAP = 120_000; // targetPerHour 30
const INBOX_GAP = 6_000; // campaignPerHour 600

/** A campaign with `n` confirmed signatures to target t0, in order; their ids, token hashes and forwards' times. */
async function queued(n: number) {
  const c = await isolatedCampaign({ targetPerHour: 30, campaignPerHour: 600 });
  const tokens = await seedPending(c.slug, n, () => ({ target: 't0' }));
  for (const t of tokens) await confirm(env.DB, t);
  const links = await Promise.all(tokens.map(async (t) => (await readLinkToken(t))!));
  const ids = links.map((l) => l.id);
  const hashes = links.map((l) => l.hash);
  const campaignId = (await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(c.slug).first<number>('id'))!;
  return { c, ids, hashes, campaignId, embassy: c.targets[0]!.email, inbox: c.mail.to };
}

/** Next attempt of each signature's pending message to `address`, by signature id (null: none). */
async function times(ids: number[], address: string): Promise<(number | null)[]> {
  const { results } = await env.DB.prepare(
    `SELECT signature_id AS id, next_attempt_at AS at FROM outbox WHERE to_addrs = json_array(?1) AND status = 'pending'`,
  )
    .bind(address)
    .all<{ id: number; at: number }>();
  const byId = new Map(results.map((r) => [r.id, r.at]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Where the next message to `address` goes: a target's slot, or the campaign inbox's (kept in its counts row). */
const slot = async (address: string) =>
  (await env.DB.prepare('SELECT next_at FROM mail_slots WHERE throttle_key = ?1').bind(`to:${address}`).first<number>('next_at')) ??
  env.DB.prepare('SELECT mail_next_at FROM campaign_counts WHERE campaign_id = (SELECT id FROM campaigns WHERE mail_to = ?1)').bind(address).first<number>('mail_next_at');

describe('send slots freed by spam marking', () => {
  it('moves every message queued behind the spam up by one slot, and the slot back by one', async () => {
    const q = await queued(5);
    const [a0] = await times(q.ids, q.embassy);
    expect(await times(q.ids, q.embassy)).toEqual([0, 1, 2, 3, 4].map((k) => a0! + k * GAP));
    const [i0] = await times(q.ids, q.inbox);
    // Marked within five seconds of the first message being queued: the queue still starts at its first slot.
    await runBatch(env.DB, moderationStatements(q.campaignId, q.ids[1]!, 'spam', 'org@example.org', a0! - 5_000));
    expect(await times(q.ids, q.embassy)).toEqual([a0!, null, a0! + GAP, a0! + 2 * GAP, a0! + 3 * GAP]);
    expect(await slot(q.embassy)).toBe(a0! + 4 * GAP);
    expect(await times(q.ids, q.inbox)).toEqual([i0!, null, i0! + INBOX_GAP, i0! + 2 * INBOX_GAP, i0! + 3 * INBOX_GAP]);
    expect(await slot(q.inbox)).toBe(i0! + 4 * INBOX_GAP);
  });

  it('starts the queue again from now when its first slot is past, and leaves a message already tried alone', async () => {
    const q = await queued(4);
    const [a0] = await times(q.ids, q.embassy);
    // The first message went out and failed: it waits for its retry time, whatever happens to the queue.
    await env.DB.prepare(`UPDATE outbox SET last_attempt_at = ?2, next_attempt_at = ?3, attempts = 1 WHERE signature_id = ?1`)
      .bind(q.ids[0], a0, a0! + 999)
      .run();
    const now = a0! + 10 * GAP;
    await runBatch(env.DB, moderationStatements(q.campaignId, q.ids[1]!, 'spam', 'org@example.org', now));
    expect(await times(q.ids, q.embassy)).toEqual([a0! + 999, null, now, now + GAP]);
    expect(await slot(q.embassy)).toBe(now + 2 * GAP);
  });

  it('changes nothing in another campaign’s queues', async () => {
    const q = await queued(3);
    const other = await queued(3);
    const before = await times(other.ids, other.embassy);
    await runBatch(env.DB, moderationStatements(q.campaignId, q.ids[0]!, 'spam', 'org@example.org', Date.now()));
    expect(await times(other.ids, other.embassy)).toEqual(before);
  });
});

describe('send slots freed by withdrawal', () => {
  it('moves the messages behind a withdrawn signature up', async () => {
    const q = await queued(3);
    const [a0] = await times(q.ids, q.embassy);
    await runBatch(env.DB, withdrawStatements(q.ids[0]!, q.hashes[0]!, a0! - 5_000));
    expect(await times(q.ids, q.embassy)).toEqual([null, a0!, a0! + GAP]);
    expect(await slot(q.embassy)).toBe(a0! + 2 * GAP);
  });

  it('with nothing left in the queue, gives the next message the first slot', async () => {
    const q = await queued(1);
    const [a0] = await times(q.ids, q.embassy);
    await runBatch(env.DB, withdrawStatements(q.ids[0]!, q.hashes[0]!, a0! - 5_000));
    expect(await times(q.ids, q.embassy)).toEqual([null]);
    expect(await slot(q.embassy)).toBe(a0!);
  });
});
