import { createScheduledController, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PRIVACY_CRON } from '../src/db/privacy';
import worker from '../src/index';
import { FOLLOW_UP_TARGET, leafHash, textHash } from '../src/lib/ledger-hash';
import { isolatedCampaign } from './delivery-helpers';
import { sentMail } from './helpers';

const DAY = 86_400_000;

/** Delivered leaves for `target` on a day `daysAgo` back, as deliveries that day would have written. */
async function deliveredTo(slug: string, target: string, daysAgo: number, n = 1) {
  const campaignId = await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(slug).first<number>('id');
  const day = new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
  for (let i = 0; i < n; i++) {
    const receiptId = crypto.randomUUID().replace(/-/g, '');
    const textSha256 = await textHash(`message ${i}`);
    await env.DB.prepare(`INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)`)
      .bind(receiptId, campaignId, day, target, textSha256, await leafHash({ slug, receiptId, target, day, textSha256 }))
      .run();
  }
}

const daily = (at = Date.now()) => worker.scheduled(createScheduledController({ cron: PRIVACY_CRON, scheduledTime: at }), env, {} as ExecutionContext);
const followUps = (slug: string) => sentMail(`o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND o.idempotency_key LIKE 'c%:f%'`, slug);

describe('following up silent targets (daily cron)', () => {
  it('writes once to a target silent 14 days after its first delivery: the count, the ledger, no supporter\'s words; a leaf, not a delivery', async () => {
    const c = await isolatedCampaign({}, 3, { followUp: { afterDays: 14, everyDays: 30 } });
    await deliveredTo(c.slug, 't0', 20, 3);
    await deliveredTo(c.slug, 't1', 5);
    await daily();
    const [letter, ...rest] = await followUps(c.slug);
    expect(rest).toEqual([]);
    expect(JSON.parse(letter!.to_addrs)).toEqual([c.targets[0]!.email]);
    expect(letter!.throttle_key).toBe(`to:${c.targets[0]!.email}`);
    // Its answer comes back to the campaign's reply address for that target, as the forwards' do.
    const replyTo = await env.DB.prepare('SELECT reply_to FROM dev_mailbox WHERE mail_key = ?1').bind(letter!.idempotency_key).first<string>('reply_to');
    expect(replyTo).toMatch(/^reply\+\d+-[0-9a-f]{20}@localhost$/);
    expect(letter!.subject).toBe(`3 messages about “${c.title}” await your answer`);
    expect(letter!.text_body).toContain(`since ${new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10)}, 3 people have written to you`);
    expect(letter!.text_body).toContain(`/c/${c.slug}/deliveries`);
    const receipt = await env.DB.prepare(`SELECT receipt_target FROM outbox WHERE idempotency_key = ?1`).bind(letter!.idempotency_key).first('receipt_target');
    expect(receipt).toBe(FOLLOW_UP_TARGET);
    // t0 not again the next day, nor within 30 days; t1 once its own 14 days have passed.
    await daily(Date.now() + DAY);
    await daily(Date.now() + 29 * DAY);
    const later = new Date(Date.now() + 29 * DAY).toISOString().slice(0, 10);
    expect((await followUps(c.slug)).map((r) => [JSON.parse(r.to_addrs)[0], r.idempotency_key.slice(-10)])).toEqual([
      [c.targets[0]!.email, new Date().toISOString().slice(0, 10)],
      [c.targets[1]!.email, later],
    ]);
  });

  it('writes to nobody who answered, and nothing for a campaign that does not ask for it', async () => {
    const answered = await isolatedCampaign({}, 3, { followUp: {} });
    await deliveredTo(answered.slug, 't0', 30);
    await env.DB.prepare(`INSERT INTO target_answers (target_id, campaign_id, status, note, updated_at)
      SELECT t.id, t.campaign_id, 'acknowledged', '', 0 FROM targets t JOIN campaigns c ON c.id = t.campaign_id WHERE c.slug = ?1 AND t.key = 't0'`).bind(answered.slug).run();
    const off = await isolatedCampaign({}, 3);
    await deliveredTo(off.slug, 't0', 30);
    await daily();
    expect(await followUps(answered.slug)).toEqual([]);
    expect(await followUps(off.slug)).toEqual([]);
  });
});
