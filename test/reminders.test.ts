import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { linkMailStatement } from '../src/db/link-mail';
import { moderationStatements } from '../src/db/moderation';
import { enqueueReminders } from '../src/db/reminders';
import { runBatch } from '../src/db/statements';
import { type D1Totals, emptyTotals, instrumentD1 } from '../src/middleware/metrics';
import { parseCampaignFile } from '../src/schemas/campaign-file';
import { HOUR, call, cronAt, linkIn, mailsTo, postFormTo, signJson } from './care-helpers';
import { fakeKey, seedPending } from './delivery-helpers';
import { countOf, createCampaign, signatureBody, signatureRow, confirmFields } from './helpers';

const SUBJECT = 'Reminder: please confirm your signature: ';

/** Signs `email` (or a fresh address) and returns it with the confirmation the fake delivered. */
async function signed(key: string, slug: string, extra: Record<string, unknown> = {}) {
  const body = signatureBody(extra);
  expect((await signJson(key, slug, body)).status).toBe(202);
  const email = String(body.email);
  const [confirmation] = await mailsTo(key, email);
  return { email, token: linkIn(confirmation) };
}

const reminders = async (key: string, email: string) => (await mailsTo(key, email)).filter((m) => m.subject.startsWith(SUBJECT));

describe('the reminder (cron)', () => {
  it('goes once, 48 hours after signing, in the supporter’s language, with the link that still confirms', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email, token } = await signed(key, c.slug);
    await cronAt(key, Date.now() + 47 * HOUR);
    expect(await reminders(key, email)).toEqual([]);

    await cronAt(key, Date.now() + 49 * HOUR);
    const [reminder, ...more] = await reminders(key, email);
    expect(more).toEqual([]);
    expect(reminder?.subject).toBe(`${SUBJECT}${c.title}`);
    expect(reminder?.text).toContain(`two days ago you — or someone using your address — signed “${c.title}”.`);
    expect(reminder?.text).toContain(`Confirm: https://solidarity.example/s/${token}\n`);
    expect(reminder?.text).toContain(`send you nothing more about this campaign: https://solidarity.example/s/${token}/not-me`);
    expect(reminder?.html).toContain(`<a href="https://solidarity.example/s/${token}/not-me">This wasn’t me</a>`);

    // Never a second, however many runs follow.
    await cronAt(key, Date.now() + 50 * HOUR);
    await cronAt(key, Date.now() + 96 * HOUR);
    expect(await reminders(key, email)).toHaveLength(1);

    // The link in it confirms.
    expect(linkIn(reminder)).toBe(token);
    expect((await postFormTo(key, `/s/${token}/confirm`, await confirmFields(token))).status).toBe(303);
    expect(await countOf(c.slug)).toBe(1);
  });

  it('is written in the language the supporter signed in', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const body = signatureBody();
    expect((await call(key, `/api/campaigns/${c.slug}/signatures?lang=ru`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(202);
    await cronAt(key, Date.now() + 49 * HOUR);
    const mails = await mailsTo(key, String(body.email));
    expect(mails.map((m) => m.subject.split(':')[0])).toEqual(['Подтвердите подпись', 'Напоминание']);
    expect(mails[1]?.text).toContain('Это единственное напоминание.');
  });

  it('goes once when two cron runs work at the same moment', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email } = await signed(key, c.slug);
    const at = Date.now() + 49 * HOUR;
    await Promise.all([cronAt(key, at), cronAt(key, at), cronAt(key, at + 1)]);
    expect(await reminders(key, email)).toHaveLength(1);
    const row = await signatureRow(c.slug, email);
    const { results } = await env.DB.prepare(`SELECT kind FROM outbox WHERE signature_id = ?1 AND kind = 'reminder'`).bind(row?.id).all();
    expect(results).toHaveLength(1);
  });

  it('goes to none that is confirmed, withdrawn or spam, nor in a closed campaign or one that turned reminders off', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const confirmed = await signed(key, c.slug);
    expect((await postFormTo(key, `/s/${confirmed.token}/confirm`, await confirmFields(confirmed.token))).status).toBe(303);
    const withdrawn = await signed(key, c.slug);
    expect((await postFormTo(key, `/s/${withdrawn.token}/withdraw`)).status).toBe(303);
    const spam = await signed(key, c.slug);
    const spamRow = await signatureRow(c.slug, spam.email);
    await runBatch(env.DB, moderationStatements(Number(spamRow?.campaign_id), Number(spamRow?.id), 'spam', 'test', Date.now()));
    const closed = await createCampaign();
    const inClosed = await signed(key, closed.slug);
    await runBatch(env.DB, campaignUpsertStatements(parseCampaignFile({ ...closed, status: 'closed' }), 'closed-now', Date.now()));
    const off = await createCampaign({ reminder: false });
    const inOff = await signed(key, off.slug);
    const control = await signed(key, c.slug);

    await cronAt(key, Date.now() + 49 * HOUR);
    for (const s of [confirmed, spam, inClosed, inOff]) expect({ email: s.email, reminders: await reminders(key, s.email) }).toEqual({ email: s.email, reminders: [] });
    // A withdrawn signature has no address left to write to.
    expect(await reminders(key, withdrawn.email)).toEqual([]);
    expect(await reminders(key, control.email)).toHaveLength(1);
  });

  it('goes to none whose link would stop working within a day', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email } = await signed(key, c.slug);
    // The link works 7 days from signing: six and a half days on, a reminder would lead nowhere.
    await cronAt(key, Date.now() + 156 * HOUR);
    expect(await reminders(key, email)).toEqual([]);
  });

  it('stays within the per-inbox cap of link mail: an inbox that had three in the hour gets none', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    const { email } = await signed(key, c.slug);
    const row = await signatureRow(c.slug, email);
    const at = Date.now() + 49 * HOUR;
    // Three link mails to the inbox in the hour before the run (as if the supporter pressed "send again").
    for (const minutes of [50, 30, 10]) await runBatch(env.DB, [linkMailStatement(Number(row?.campaign_id), email, at - minutes * 60_000)]);
    await cronAt(key, at);
    expect(await reminders(key, email)).toEqual([]);
    // The cap held it back for good: later runs look at later signatures only.
    await cronAt(key, at + 2 * HOUR);
    expect(await reminders(key, email)).toEqual([]);
  });
});

describe('the reminder’s cost', () => {
  it('writes rows only for the signatures that get one: the reminder and its queue entry, and the cursor once', async () => {
    const key = fakeKey();
    const c = await createCampaign();
    for (let i = 0; i < 3; i++) await signed(key, c.slug);
    const at = Date.now() + 49 * HOUR;
    const totals: D1Totals = emptyTotals();
    expect(await enqueueReminders(instrumentD1(env.DB, totals), at)).toBe(3);
    expect(totals.rowsWritten).toBe(3 * 2 + 1);
    // Nothing old enough after the cursor (however many signed since): a run reads a few rows and writes none.
    await seedPending(c.slug, 200);
    const idle: D1Totals = emptyTotals();
    expect(await enqueueReminders(instrumentD1(env.DB, idle), Date.now())).toBe(0);
    expect(idle.rowsWritten).toBe(0);
    expect(idle.rowsRead).toBeLessThan(30);
  });
});
