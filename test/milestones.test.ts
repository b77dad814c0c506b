import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { enqueueMilestones } from '../src/email/milestone-mail';
import { confirm, withdraw } from '../src/flows/signing';
import { type D1Totals, emptyTotals, instrumentD1 } from '../src/middleware/metrics';
import { cronAt, mailsTo } from './care-helpers';
import { fakeKey, seedPending, secret } from './delivery-helpers';
import { createCampaign, unique } from './helpers';

/** A campaign with its own two organisers, a goal of 3 and milestones 5 and 8 unless told otherwise. */
async function milestoneCampaign(extra: Record<string, unknown> = {}) {
  const organisers = [`o1-${unique('org')}@example.org`, `o2-${unique('org')}@example.org`];
  const c = await createCampaign({ goal: 3, milestones: [5, 8], organisers, ...extra });
  return { ...c, organisers };
}

/** Confirms `n` new signatures of the campaign; returns their link tokens. */
async function confirmSome(slug: string, n: number): Promise<string[]> {
  const tokens = await seedPending(slug, n);
  for (const t of tokens) await confirm(env.DB, t);
  return tokens;
}

const subjects = async (key: string, to: string) => (await mailsTo(key, to)).map((m) => m.subject);

describe('milestone mail to organisers (cron)', () => {
  it('goes to every organiser once when the goal is reached, in one mail, with the count, the next goal and the dashboard', async () => {
    const key = fakeKey();
    const c = await milestoneCampaign();
    await confirmSome(c.slug, 2);
    await cronAt(key, Date.now());
    expect(await subjects(key, c.organisers[0]!)).toEqual([]);

    await confirmSome(c.slug, 1);
    await cronAt(key, Date.now());
    await cronAt(key, Date.now() + 60_000);
    const mails = await mailsTo(key, c.organisers[0]!);
    expect(mails.map((m) => m.subject)).toEqual([`“${c.title}” has reached its goal of 3 signatures`]);
    expect(mails[0]?.to).toEqual(c.organisers);
    expect(mails[0]?.text).toContain(`“${c.title}” now has 3 confirmed signatures.\n\nThe progress bar on the campaign page now aims at 5.`);
    expect(mails[0]?.text).toContain(`Dashboard: https://solidarity.example/admin/campaigns/${c.slug}`);
    expect(mails[0]?.html).toContain(`href="https://solidarity.example/admin/campaigns/${c.slug}"`);
  });

  it('goes once per milestone, also when cron runs overlap, and not again when the count falls back and rises', async () => {
    const key = fakeKey();
    const c = await milestoneCampaign();
    const tokens = await confirmSome(c.slug, 3);
    await cronAt(key, Date.now());
    await confirmSome(c.slug, 2);
    const at = Date.now();
    await Promise.all([cronAt(key, at), cronAt(key, at), cronAt(key, at + 1)]);
    await withdraw(env.DB, tokens[0]!);
    await cronAt(key, Date.now());
    await confirmSome(c.slug, 1);
    await cronAt(key, Date.now());
    expect(await subjects(key, c.organisers[1]!)).toEqual([`“${c.title}” has reached its goal of 3 signatures`, `“${c.title}” has passed 5 signatures`]);
    const { results } = await env.DB.prepare(`SELECT idempotency_key FROM outbox WHERE kind = 'milestone' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY 1`)
      .bind(c.slug)
      .all();
    expect(results.map((r) => r.idempotency_key)).toEqual([expect.stringMatching(/^c\d+:milestone:3$/), expect.stringMatching(/^c\d+:milestone:5$/)]);
  });

  it('sends one mail, for the highest, when a surge passes several thresholds between two runs, and none for those it skipped', async () => {
    const key = fakeKey();
    const c = await milestoneCampaign();
    const tokens = await confirmSome(c.slug, 9);
    await cronAt(key, Date.now());
    expect(await subjects(key, c.organisers[0]!)).toEqual([`“${c.title}” has passed 8 signatures`]);
    expect((await mailsTo(key, c.organisers[0]!))[0]?.text).toContain('now aims at 10.');
    // Back down to 7: the 5 that was skipped is not mailed after the fact.
    for (const t of tokens.slice(0, 2)) await withdraw(env.DB, t);
    await cronAt(key, Date.now());
    expect(await subjects(key, c.organisers[0]!)).toHaveLength(1);
  });

  it('is written in the campaign’s language', async () => {
    const key = fakeKey();
    const c = await milestoneCampaign({ locale: 'ru' });
    await confirmSome(c.slug, 3);
    await cronAt(key, Date.now());
    expect(await subjects(key, c.organisers[0]!)).toEqual([`Кампания «${c.title}» достигла цели: 3 подписи`]);
  });

  it('goes to nobody when the campaign file turns it off', async () => {
    const key = fakeKey();
    const c = await milestoneCampaign({ milestoneMail: false });
    await confirmSome(c.slug, 3);
    await cronAt(key, Date.now());
    expect(await subjects(key, c.organisers[0]!)).toEqual([]);
  });

  it('mails the other campaigns when one campaign cannot be read, then fails the step naming it', async () => {
    const broken = await milestoneCampaign();
    const good = await milestoneCampaign();
    await confirmSome(broken.slug, 3);
    await confirmSome(good.slug, 3);
    const { settings } = (await env.DB.prepare('SELECT settings FROM campaigns WHERE slug = ?1').bind(broken.slug).first<{ settings: string }>())!;
    await env.DB.prepare(`UPDATE campaigns SET settings = '{"broken":true}' WHERE slug = ?1`).bind(broken.slug).run();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const err = await enqueueMilestones(env.DB, { baseUrl: 'https://solidarity.example', replyDomain: 'solidarity.example', secret: secret() }, Date.now()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AggregateError);
      expect((err as AggregateError).message).toBe('milestones: 1 campaign(s) failed, 1 mail(s) enqueued for the others');
      expect(((err as AggregateError).errors[0] as Error).message).toBe(`milestone mail of campaign ${broken.slug} failed`);
      const { results } = await env.DB.prepare(`SELECT c.slug FROM outbox o JOIN campaigns c ON c.id = o.campaign_id WHERE o.kind = 'milestone' AND c.slug IN (?1, ?2)`)
        .bind(broken.slug, good.slug)
        .all();
      expect(results).toEqual([{ slug: good.slug }]);
    } finally {
      await env.DB.prepare('UPDATE campaigns SET settings = ?2 WHERE slug = ?1').bind(broken.slug, settings).run();
      vi.restoreAllMocks();
    }
  });

  it('costs nothing on a confirmation and nothing on a run with nothing due', async () => {
    const c = await milestoneCampaign();
    await confirmSome(c.slug, 3);
    const links = { baseUrl: 'https://solidarity.example', replyDomain: 'solidarity.example', secret: secret() };
    expect(await enqueueMilestones(env.DB, links, Date.now())).toBeGreaterThanOrEqual(1);
    const idle: D1Totals = emptyTotals();
    expect(await enqueueMilestones(instrumentD1(env.DB, idle), links, Date.now())).toBe(0);
    expect(idle).toMatchObject({ queries: 1, rowsWritten: 0 });
  });
});
