import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { runPrivacySweep } from '../src/db/privacy';
import { runBatch } from '../src/db/statements';
import { runCron } from '../src/email/cron';
import { mailConfig } from '../src/email/index';
import { parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { mailTo, unique } from './helpers';
import { attendeeRow, comeTo, picketFile, rsvpForm } from './picket-helpers';

const HOUR = 3_600_000;

/** A campaign with this one picket; `push` stores the file again with the picket changed. */
async function campaignWith(picket: Record<string, unknown>) {
  const slug = unique('c');
  const push = async (changes: Record<string, unknown> = {}) => {
    const file = parseCampaignFile({ ...demo, slug, pickets: [{ ...picket, ...changes }] });
    await runBatch(env.DB, campaignUpsertStatements(file, unique('hash'), Date.now()));
  };
  await push();
  return { slug, push };
}

const cron = (at: number) => runCron(env.DB, mailConfig(env), at);
const kinds = async (email: string) =>
  (await env.DB.prepare(`SELECT idempotency_key AS k, kind FROM outbox WHERE to_addrs = json_array(?1) ORDER BY created_at, idempotency_key`).bind(email).all<{ k: string; kind: string }>()).results;

describe('picket reminders (cron)', () => {
  it('sends the reminder once, the day before, in the attendee\'s language, however often the cron runs', async () => {
    const { slug } = await campaignWith(picketFile({ id: 'rem' }));
    const email = `${unique('r')}@example.org`;
    await comeTo(`${slug}`, 'rem', email, { name: 'Ivan' });
    await env.DB.prepare(`UPDATE picket_attendees SET locale = 'ru' WHERE email = ?1`).bind(email).run();
    const start = Date.parse('2027-06-16T10:00:00Z');
    await cron(start - 25 * HOUR); // a day and an hour before: not yet
    expect((await kinds(email)).filter((m) => m.kind === 'picket-reminder')).toHaveLength(0);
    await cron(start - 23 * HOUR);
    await cron(start - 22 * HOUR);
    await Promise.all([cron(start - 21 * HOUR), cron(start - 21 * HOUR)]);
    const reminders = (await kinds(email)).filter((m) => m.kind === 'picket-reminder');
    expect(reminders.map((m) => m.k)).toEqual([expect.stringMatching(/^p\d+:a\d+:remind:v1$/)]);
    const mail = (await mailTo(email)).at(-1);
    expect(mail?.subject).toBe('Завтра: пикет Посольство Казахстана в Берлине, Германия, 16 июня');
    expect(mail?.text_body).toContain('Здравствуйте, Ivan!');
    expect(mail?.text_body).toMatch(/\/p\/[A-Za-z0-9_-]{43}/);
  });
});

describe('picket notices (cancelled or moved)', () => {
  it('tells each confirmed attendee once when the picket is cancelled, and no reminder follows', async () => {
    const { slug, push } = await campaignWith(picketFile({ id: 'cx' }));
    const coming = `${unique('c')}@example.org`;
    await comeTo(slug, 'cx', coming);
    await push({ status: 'cancelled' });
    await push({ status: 'cancelled', meetingPoint: 'Elsewhere' });
    const notices = (await kinds(coming)).filter((m) => m.kind === 'picket-notice');
    expect(notices.map((m) => m.k)).toEqual([expect.stringMatching(/^p\d+:a\d+:cancel$/)]);
    expect((await mailTo(coming)).at(-1)?.subject).toBe('Cancelled: picket Embassy of Kazakhstan in Berlin, Germany, 16 June');
    await cron(Date.parse('2027-06-15T12:00:00Z'));
    expect((await kinds(coming)).some((m) => m.kind === 'picket-reminder')).toBe(false);
  });

  it('tells them when it moves (once per change), with the new time, and reminds them of the new one', async () => {
    const { slug, push } = await campaignWith(picketFile({ id: 'mv' }));
    const coming = `${unique('m')}@example.org`;
    await comeTo(slug, 'mv', coming);
    await push({ contact: 'other@example.org' }); // not a move: nobody is told
    expect((await kinds(coming)).filter((m) => m.kind === 'picket-notice')).toHaveLength(0);
    await cron(Date.parse('2027-06-15T12:00:00Z')); // reminded of version 1
    await push({ start: '2027-06-17T15:00', end: '2027-06-17T16:00' });
    await push({ start: '2027-06-17T15:00', end: '2027-06-17T16:00' });
    const notices = (await kinds(coming)).filter((m) => m.kind === 'picket-notice');
    expect(notices.map((m) => m.k)).toEqual([expect.stringMatching(/^p\d+:a\d+:moved:v2$/)]);
    const mail = (await mailTo(coming)).find((m) => m.subject.startsWith('Changed'));
    expect(mail?.subject).toBe('Changed: picket Embassy of Kazakhstan in Berlin, Germany, now 17 June');
    expect(mail?.text_body).toContain('on 17 June 15:00 in Berlin–16:00');
    await cron(Date.parse('2027-06-16T14:00:00Z'));
    expect((await kinds(coming)).filter((m) => m.kind === 'picket-reminder').map((m) => m.k.split(':').at(-1))).toEqual(['v1', 'v2']);
  });

  it('tells nobody who withdrew or never confirmed', async () => {
    const { slug, push } = await campaignWith(picketFile({ id: 'nw' }));
    const pending = `${unique('p')}@example.org`;
    await rsvpForm(slug, 'nw', { email: pending });
    await push({ status: 'cancelled' });
    expect((await kinds(pending)).map((m) => m.kind)).toEqual(['picket-confirm']);
  });
});

describe('privacy sweep: attendees', () => {
  it('erases attendees once the picket is over plus the campaign\'s retention, not before', async () => {
    const { slug } = await campaignWith(picketFile({ id: 'pv' }));
    const email = `${unique('pv')}@example.org`;
    await comeTo(slug, 'pv', email);
    const end = Date.parse('2027-06-16T12:00:00Z');
    await runPrivacySweep(env.DB, end + 364 * 86_400_000);
    expect(await attendeeRow(email)).toMatchObject({ status: 'confirmed' });
    const sweep = await runPrivacySweep(env.DB, end + 366 * 86_400_000);
    expect(sweep.attendeesErased).toBeGreaterThanOrEqual(1);
    expect(await attendeeRow(email)).toBeNull();
  });
});
