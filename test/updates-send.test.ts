import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { moderationStatements } from '../src/db/moderation';
import { runBatch } from '../src/db/statements';
import { enqueueStepStatements, enqueueUpdates } from '../src/db/update-enqueue';
import { updateProgress } from '../src/db/update-progress';
import { createUpdate } from '../src/flows/updates';
import { runCron } from '../src/email/cron';
import { fakeConfig, fakeKey, fakeStats } from './delivery-helpers';
import { createCampaign } from './helpers';
import { drainTo, seedSupporters } from './update-helpers';
import { signedEvent, postWebhook } from './webhook-helpers';

const draft = { text: { subject: 'Pickets on 16 June', body: 'Join us at the embassy.\n\nBring a sign.' }, translations: { ru: { subject: 'Пикеты 16 июня', body: 'Приходите к посольству.' } } };

async function campaignOf(slug: string) {
  const c = await getCampaign(env.DB, slug);
  if (!c) throw new Error('no campaign');
  return c;
}

describe('updates: the audience and the mail, against the fake Resend', () => {
  it('reaches exactly the confirmed supporters who opted in and did not unsubscribe, withdraw or get marked spam', async () => {
    const file = await createCampaign();
    const [yes, yesRu, notOpted, unsubscribed, pending, withdrawn, spam, erased] = await seedSupporters(file.slug, [
      {}, { locale: 'ru' }, { updates: false }, { unsubscribed: true }, { status: 'pending' }, { status: 'withdrawn' }, { status: 'spam' }, { erased: true },
    ]);
    const campaign = await campaignOf(file.slug);
    await createUpdate(env.DB, campaign, draft, 'organiser@example.org', Date.now());
    const everyone = [yes, yesRu, notOpted, unsubscribed, pending, withdrawn, spam, erased].map((s) => s!.email);
    const got = await drainTo(fakeKey(), everyone);
    expect(got.map((d) => d.to[0]).sort()).toEqual([yes!.email, yesRu!.email].sort());
    const { results } = await env.DB.prepare(`SELECT idempotency_key AS k FROM outbox WHERE kind = 'update' AND campaign_id = ?1 ORDER BY k`).bind(campaign.id).all<{ k: string }>();
    expect(results.map((r) => r.k.replace(/:u\d+:/, ':u:'))).toEqual([`c${campaign.id}:u:s${yes!.id}`, `c${campaign.id}:u:s${yesRu!.id}`].sort());
  });

  it('carries List-Unsubscribe with the supporter\'s own https link and List-Unsubscribe-Post on every update, in their language', async () => {
    const file = await createCampaign();
    const seeded = await seedSupporters(file.slug, [{}, { locale: 'ru' }, { locale: 'kk' }]);
    await createUpdate(env.DB, await campaignOf(file.slug), draft, 'organiser@example.org', Date.now());
    const got = await drainTo(fakeKey(), seeded.map((s) => s.email));
    expect(got).toHaveLength(3);
    for (const s of seeded) {
      const mail = got.find((d) => d.to[0] === s.email)!;
      const url = `https://solidarity.example/u/${s.token}`;
      expect(mail.headers).toMatchObject({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
      expect(mail.headers?.['X-Entity-Ref-ID']).toMatch(/^c\d+:u\d+:s\d+$/);
      expect(mail.text).toContain(url);
      expect(mail.html).toContain(`href="${url}"`);
    }
    const [en, ru, kk] = seeded.map((s) => got.find((d) => d.to[0] === s.email)!);
    expect(en!.subject).toBe('Pickets on 16 June');
    expect(ru!.subject).toBe('Пикеты 16 июня');
    expect(ru!.text).toContain('Отписаться в один клик');
    // No Kazakh translation: the campaign's own language, footer included.
    expect(kk!.subject).toBe('Pickets on 16 June');
    expect(kk!.text).toContain('Unsubscribe in one click');
  });

  it('enqueues a big audience a step at a time, moving a cursor, never twice', async () => {
    const file = await createCampaign();
    const seeded = await seedSupporters(file.slug, Array.from({ length: 5 }, () => ({})));
    const campaign = await campaignOf(file.slug);
    const { id } = await createUpdate(env.DB, campaign, draft, 'organiser@example.org', Date.now());
    // createUpdate took its first step (all five: under UPDATE_STEP); a row made by hand shows the steps.
    const [made] = await runBatch(env.DB, [{ sql: `INSERT INTO updates (campaign_id, subject, body, author, created_at) VALUES (?1, 's', 'b', 'x', ?2) RETURNING id`, params: [campaign.id, Date.now()] }]);
    const stepped = Number((made!.results[0] as { id: number }).id);
    const steps = [];
    for (let i = 0; i < 4; i++) {
      const [ins, , upd] = await runBatch(env.DB, enqueueStepStatements(stepped, Date.now(), 2));
      steps.push([ins!.meta.changes, upd!.meta.changes]);
    }
    // 2, 2, 1 (the last marks it enqueued), then nothing: the update is done.
    expect(steps).toEqual([[2, 1], [2, 1], [1, 1], [0, 0]]);
    const rows = await env.DB.prepare('SELECT id, enqueued, cursor, enqueued_at FROM updates WHERE id IN (?1, ?2) ORDER BY id').bind(id, stepped).all<{ enqueued: number; cursor: number; enqueued_at: number | null }>();
    expect(rows.results.map((r) => [r.enqueued, r.cursor, r.enqueued_at !== null])).toEqual([[5, seeded.at(-1)!.id, true], [5, seeded.at(-1)!.id, true]]);
    expect(await enqueueUpdates(env.DB, Date.now())).toBe(0);
  });

  it('shows each update\'s progress: waiting, sent, delivered, bounced (from Resend\'s webhook)', async () => {
    const file = await createCampaign();
    const seeded = await seedSupporters(file.slug, [{}, {}, {}]);
    const campaign = await campaignOf(file.slug);
    const { id } = await createUpdate(env.DB, campaign, draft, 'organiser@example.org', Date.now());
    expect((await updateProgress(env.DB, campaign.id, [id])).get(id)).toEqual({ waiting: 3, sent: 0, delivered: 0, bounced: 0, failed: 0 });
    const key = fakeKey();
    const got = await drainTo(key, seeded.map((s) => s.email));
    const [first, second] = got;
    for (const [mail, type] of [[first!, 'email.delivered'], [second!, 'email.bounced']] as const) {
      const res = await postWebhook(await signedEvent(key, { emailId: mail.id, type, ...(type === 'email.bounced' ? { bounce: { type: 'Permanent' } } : {}) }));
      expect(res.status).toBe(200);
    }
    expect((await updateProgress(env.DB, campaign.id, [id])).get(id)).toEqual({ waiting: 0, sent: 1, delivered: 1, bounced: 1, failed: 0 });
    // The hard bounce took its address off the audience; the delivered one stays.
    const unsubscribed = await env.DB.prepare('SELECT email FROM signatures WHERE campaign_id = ?1 AND unsubscribed_at IS NOT NULL').bind(campaign.id).all<{ email: string }>();
    expect(unsubscribed.results.map((r) => r.email)).toEqual([second!.to[0]]);
  });

  it('unsubscribes a supporter who marks an update as spam (Resend\'s email.complained); a soft bounce does not', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{}]);
    await createUpdate(env.DB, await campaignOf(file.slug), draft, 'organiser@example.org', Date.now());
    const key = fakeKey();
    const [mail] = await drainTo(key, [s!.email]);
    expect((await postWebhook(await signedEvent(key, { emailId: mail!.id, type: 'email.complained' }))).status).toBe(200);
    expect(await env.DB.prepare('SELECT unsubscribed_at FROM signatures WHERE id = ?1').bind(s!.id).first('unsubscribed_at')).toBeGreaterThan(0);
    const [other] = await seedSupporters(file.slug, [{}]);
    await createUpdate(env.DB, await campaignOf(file.slug), draft, 'organiser@example.org', Date.now());
    const [soft] = await drainTo(key, [other!.email]);
    await postWebhook(await signedEvent(key, { emailId: soft!.id, type: 'email.bounced', bounce: { type: 'Transient' } }));
    expect(await env.DB.prepare('SELECT unsubscribed_at FROM signatures WHERE id = ?1').bind(other!.id).first('unsubscribed_at')).toBeNull();
  });

  it('drops the update mail still waiting for a supporter marked as spam', async () => {
    const file = await createCampaign();
    const [s] = await seedSupporters(file.slug, [{}]);
    const campaign = await campaignOf(file.slug);
    await createUpdate(env.DB, campaign, draft, 'organiser@example.org', Date.now());
    const waiting = () => env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'update' AND signature_id = ?1`).bind(s!.id).first<number>('n');
    expect(await waiting()).toBe(1);
    await runBatch(env.DB, moderationStatements(campaign.id, s!.id, 'spam', 'organiser@example.org', Date.now()));
    expect(await waiting()).toBe(0);
  });

  it('the cron takes the next step of an update being sent, then drains it', async () => {
    const file = await createCampaign();
    const seeded = await seedSupporters(file.slug, [{}, {}]);
    const campaign = await campaignOf(file.slug);
    const [made] = await runBatch(env.DB, [{ sql: `INSERT INTO updates (campaign_id, subject, body, author, created_at) VALUES (?1, 'From the cron', 'b', 'x', ?2) RETURNING id`, params: [campaign.id, Date.now()] }]);
    const id = Number((made!.results[0] as { id: number }).id);
    const key = fakeKey();
    await runCron(env.DB, fakeConfig(key), Date.now() + 3_600_000);
    expect(await env.DB.prepare('SELECT enqueued, enqueued_at IS NOT NULL AS done FROM updates WHERE id = ?1').bind(id).first()).toEqual({ enqueued: 2, done: 1 });
    const got = async () => (await fakeStats(key)).delivered.filter((d) => seeded.some((s) => s.email === d.to[0])).length;
    // Spaced UPDATE_SPACING_MS apart: the first is due at once, the second by the next minute's run.
    expect(await got()).toBe(1);
    await runCron(env.DB, fakeConfig(key), Date.now() + 3_660_000);
    expect(await got()).toBe(2);
  });
});
