import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { HELD_UNTIL } from '../src/db/mail-slots';
import { runBatch } from '../src/db/statements';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import { adminGet, adminPost, csrfOf, signIn } from './admin-helpers';
import { fakeConfig, fakeStats, seedPending } from './delivery-helpers';
import { ORIGIN, unique } from './helpers';
import { outboxRows, postWebhook, sentThroughFake, signedEvent } from './webhook-helpers';

const holdOf = (slug: string, address: string) =>
  env.DB.prepare('SELECT kind, reason FROM mail_holds WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND throttle_key = ?2')
    .bind(slug, `to:${address}`)
    .first<{ kind: string; reason: string }>();

/** A campaign whose first supporter's mail went out; two more wait for embassy t0; then t0 bounces hard. */
async function bounced(extra: Record<string, unknown> = {}) {
  const s = await sentThroughFake(1, 3600, extra);
  const embassy = s.campaign.targets[0]!.email;
  const waiting = await seedPending(s.campaign.slug, 2, () => ({ target: 't0' }));
  for (const t of waiting) await confirm(env.DB, t);
  const sent = s.forwards.find((f) => f.receipt_target === 't0')!;
  const res = await postWebhook(await signedEvent(s.key, { type: 'email.bounced', emailId: sent.provider_id, bounce: { type: 'Permanent', subType: 'General', message: '550 5.1.1 user unknown' } }));
  expect(res.status).toBe(200);
  return { ...s, embassy, waiting, sent };
}

const toEmbassy = async (slug: string, address: string) => (await outboxRows(slug)).filter((r) => r.throttle_key === `to:${address}` && r.status === 'pending');

describe('a hard bounce from a target address', () => {
  it('holds the mail waiting for it and mail written later, and the drainer leaves it alone', async () => {
    const { key, campaign, embassy, sent } = await bounced();
    expect(await holdOf(campaign.slug, embassy)).toEqual({ kind: 'bounced', reason: 'Permanent/General: 550 5.1.1 user unknown' });
    expect((await outboxRows(campaign.slug)).find((r) => r.idempotency_key === sent.idempotency_key)).toMatchObject({ delivery: 'bounced', delivery_error: 'Permanent/General: 550 5.1.1 user unknown' });
    const [later] = await seedPending(campaign.slug, 1, () => ({ target: 't0' }));
    await confirm(env.DB, later!);
    const held = await toEmbassy(campaign.slug, embassy);
    expect(held.map((r) => r.next_attempt_at)).toEqual([HELD_UNTIL, HELD_UNTIL, HELD_UNTIL]);
    const before = (await fakeStats(key)).delivered.length;
    await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 86_400_000 });
    const delivered = (await fakeStats(key)).delivered.slice(before);
    // The campaign's own copies (and the receipts) went; nothing more to the embassy.
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.filter((d) => d.to.includes(embassy))).toEqual([]);
    expect(await toEmbassy(campaign.slug, embassy)).toHaveLength(3);
  });

  it('is shown on the dashboard with the provider’s reason, and the supporter’s page says the message is held', async () => {
    const org = `${unique('org')}@example.org`;
    const { campaign, embassy, waiting } = await bounced({ organisers: [org] });
    const page = await (await adminGet(`/admin/campaigns/${campaign.slug}`, { cookie: await signIn(org) })).text();
    const row = page.slice(page.indexOf(`<tr data-address="${embassy}">`), page.indexOf('</tr>', page.indexOf(`<tr data-address="${embassy}">`)));
    expect(row).toContain('Address failing since');
    expect(row).toContain('it bounced (Permanent/General: 550 5.1.1 user unknown)');
    expect(row).toContain('<td data-waiting="true">0 (+2 held)</td>');
    expect(row).toContain('<td data-bounced="true">1</td>');
    expect(row).toContain('Retry this address</button>');
    const mine = await (await SELF.fetch(`${ORIGIN}/s/${waiting[0]}`)).text();
    expect(mine).toContain('<strong>Embassy 0</strong>: <span data-status="true">held: this address refused earlier mail');
  });

  it('pushing the campaign file with a corrected address sends the held mail there, within the target’s budget', async () => {
    const { key, campaign, embassy } = await bounced();
    const fixed = `fixed-${embassy}`;
    const before = Date.now();
    const file = { ...campaign, targets: campaign.targets.map((t, i) => (i === 0 ? { ...t, email: fixed } : t)) };
    await runBatch(env.DB, campaignUpsertStatements(file, `hash-${unique()}`, before));
    expect(await holdOf(campaign.slug, embassy)).toBeNull();
    expect(await toEmbassy(campaign.slug, embassy)).toEqual([]);
    const moved = await toEmbassy(campaign.slug, fixed);
    expect(moved.map((r) => JSON.parse(r.to_addrs))).toEqual([[fixed], [fixed]]);
    // Due again, in the order written; the new address's budget decides when each goes.
    expect(moved.every((r) => r.next_attempt_at <= before)).toBe(true);
    const sentBefore = (await fakeStats(key)).delivered.length;
    await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 3_600_000 });
    expect((await fakeStats(key)).delivered.slice(sentBefore).filter((d) => d.to.includes(fixed))).toHaveLength(2);
    // Pushing the same file again changes nothing.
    await runBatch(env.DB, campaignUpsertStatements(file, `hash-${unique()}`, Date.now()));
    expect(await toEmbassy(campaign.slug, fixed)).toEqual([]);
  });

  it('an organiser’s retry releases the held mail of that address and logs who did it', async () => {
    const org = `${unique('org')}@example.org`;
    const { key, campaign, embassy } = await bounced({ organisers: [org] });
    const cookie = await signIn(org);
    const csrf = await csrfOf(cookie, `/admin/campaigns/${campaign.slug}`);
    const start = Date.now();
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/holds/retry`, cookie, { _csrf: csrf, address: embassy.toUpperCase() });
    expect(res.status).toBe(303);
    expect(await holdOf(campaign.slug, embassy)).toBeNull();
    const rows = (await outboxRows(campaign.slug)).filter((r) => r.throttle_key === `to:${embassy}`);
    expect(rows.filter((r) => r.status === 'pending' && r.next_attempt_at >= HELD_UNTIL)).toEqual([]);
    expect(rows.filter((r) => r.status === 'pending').every((r) => r.next_attempt_at <= start)).toBe(true);
    // Released: a drain sends it all.
    await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 3_600_000 });
    expect(await toEmbassy(campaign.slug, embassy)).toEqual([]);
    const log = await env.DB.prepare(`SELECT actor, previous FROM moderation_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND action = 'retry-dead'`).bind(campaign.slug).first();
    expect(log).toEqual({ actor: org, previous: `held: ${embassy} (bounced)` });
    const bad = await adminPost(`/admin/campaigns/${campaign.slug}/holds/retry`, cookie, { _csrf: csrf, address: 'not an address' });
    expect(bad.status).toBe(422);
    expect((await adminPost(`/admin/campaigns/${campaign.slug}/holds/retry`, cookie, { address: embassy })).status).toBe(403);
  });
});

describe('other bounces and complaints', () => {
  it('a transient bounce is recorded with its reason but holds nothing', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const sent = forwards.find((f) => f.receipt_target === 't0')!;
    await postWebhook(await signedEvent(key, { type: 'email.bounced', emailId: sent.provider_id, bounce: { type: 'Transient', subType: 'MailboxFull', message: 'mailbox full' } }));
    expect((await outboxRows(campaign.slug)).find((r) => r.idempotency_key === sent.idempotency_key)).toMatchObject({ delivery: 'bounced', delivery_error: 'Transient/MailboxFull: mailbox full' });
    expect(await holdOf(campaign.slug, campaign.targets[0]!.email)).toBeNull();
  });

  it('a complaint on the campaign’s own address holds the campaign’s mail until a retry releases it', async () => {
    const org = `${unique('org')}@example.org`;
    const { key, campaign, forwards } = await sentThroughFake(1, 3600, { organisers: [org] });
    const inbox = forwards.find((f) => f.receipt_target === '@campaign')!;
    await postWebhook(await signedEvent(key, { type: 'email.complained', emailId: inbox.provider_id }));
    expect(await holdOf(campaign.slug, campaign.mail.to)).toEqual({ kind: 'complained', reason: 'the recipient reported this message as spam' });
    const later = await seedPending(campaign.slug, 2);
    for (const t of later) await confirm(env.DB, t);
    expect((await toEmbassy(campaign.slug, campaign.mail.to)).map((r) => r.next_attempt_at)).toEqual([HELD_UNTIL, HELD_UNTIL]);
    // Held mail is never claimed, however much time passes.
    await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 7_200_000 });
    expect(await toEmbassy(campaign.slug, campaign.mail.to)).toHaveLength(2);
    const cookie = await signIn(org);
    const start = Date.now();
    const res = await adminPost(`/admin/campaigns/${campaign.slug}/holds/retry`, cookie, { _csrf: await csrfOf(cookie, `/admin/campaigns/${campaign.slug}`), address: campaign.mail.to });
    expect(res.status).toBe(303);
    const released = (await toEmbassy(campaign.slug, campaign.mail.to)).map((r) => r.next_attempt_at);
    expect(released.every((at) => at <= start)).toBe(true);
    // 36,000 an hour (isolatedCampaign): a bucket of 600, so a drain sends both.
    await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 7_300_000 });
    expect(await toEmbassy(campaign.slug, campaign.mail.to)).toEqual([]);
  });

  it('pushing a corrected campaign address sends its held mail there, on the new address’s budget', async () => {
    const { key, campaign, forwards } = await sentThroughFake();
    const inbox = forwards.find((f) => f.receipt_target === '@campaign')!;
    await postWebhook(await signedEvent(key, { type: 'email.bounced', emailId: inbox.provider_id, bounce: { type: 'Permanent' } }));
    const later = await seedPending(campaign.slug, 2);
    for (const t of later) await confirm(env.DB, t);
    const fixed = `fixed-${campaign.mail.to}`;
    await runBatch(env.DB, campaignUpsertStatements({ ...campaign, mail: { ...campaign.mail, to: fixed } }, `hash-${unique()}`, Date.now()));
    expect(await holdOf(campaign.slug, campaign.mail.to)).toBeNull();
    const moved = await toEmbassy(campaign.slug, fixed);
    expect(moved.map((r) => JSON.parse(r.to_addrs))).toEqual([[fixed], [fixed]]);
    const sentBefore = (await fakeStats(key)).delivered.length;
    await drainOutbox(env.DB, fakeConfig(key), { now: () => Date.now() + 3_700_000 });
    expect((await fakeStats(key)).delivered.slice(sentBefore).filter((d) => d.to.includes(fixed))).toHaveLength(2);
  });
});
