import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AnsweredLedger } from '../src/db/replies';
import { leafHash, textHash } from '../src/lib/ledger-hash';
import { rootFromProof } from '../src/lib/merkle';
import { adminPost, csrfOf, signIn } from './admin-helpers';
import { isolatedCampaign } from './delivery-helpers';
import { mailTo, ORIGIN, postForm, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';
import { deliverReply, mime } from './reply-helpers';

const REPLY = 'The Embassy confirms receipt of 1 letter.\n\nIt will be passed on to the Ministry.';

/** A campaign with one supporter's message delivered to t0 (through HTTP and the dev mailbox), and its organiser signed in. */
async function delivered() {
  const organiser = `${unique('org')}@example.org`;
  const c = await isolatedCampaign({}, 3, { organisers: [organiser] });
  const body = signatureBody({ target: 't0' });
  await postJson(`/api/campaigns/${c.slug}/signatures`, body);
  await confirmAs(await tokenFor(String(body.email)), body);
  for (let i = 0; i < 100; i++) {
    await mailTo(String(body.email));
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM ledger_leaves WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first<number>('n');
    if (n === 2) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const forward = await env.DB.prepare(
    `SELECT d.reply_to FROM dev_mailbox d JOIN outbox o ON o.idempotency_key = d.mail_key WHERE o.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) AND d.mail_key LIKE '%:target'`,
  )
    .bind(c.slug)
    .first<string>('reply_to');
  const cookie = await signIn(organiser);
  const token = await tokenFor(String(body.email));
  return { c, token, replyAddress: forward!.split(', ').at(-1)!, cookie, csrf: await csrfOf(cookie, `/admin/campaigns/${c.slug}/replies`) };
}

const ledgerOf = async (slug: string) => (await SELF.fetch(`${ORIGIN}/c/${slug}/deliveries.json`)).json<AnsweredLedger>();

describe('the answer beside the proof', () => {
  it('publishes a reply on the ledger: status, text and a leaf anyone can check; the campaign page counts it', async () => {
    const { c, token, replyAddress, cookie, csrf } = await delivered();
    await deliverReply(replyAddress, mime({ From: 'Embassy <consul@mfa.kz>', Subject: 'Re: Solidarity', Date: 'Tue, 8 Dec 2026 09:30:00 +0000' }, REPLY));
    const reply = await env.DB.prepare('SELECT id FROM target_replies WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first<number>('id');
    const excerpt = 'The Embassy confirms receipt of 1 letter.';
    expect((await adminPost(`/admin/campaigns/${c.slug}/replies/${reply}/publish`, cookie, { _csrf: csrf, text: excerpt })).status).toBe(303);

    const ledger = await ledgerOf(c.slug);
    const t0 = ledger.targets.find((t) => t.key === 't0')!;
    expect(t0.delivered).toBe(1);
    expect(t0.answer).toMatchObject({ status: 'answered', silentDays: null, replies: [{ receivedAt: '2026-12-08T09:30:00.000Z', text: excerpt, textSha256: await textHash(excerpt) }] });
    expect(ledger.answers).toEqual({ answered: 1, silent: 0, silentAfterDays: 14 });
    // Two deliveries that day (the campaign's copy and t0's); the reply's leaf is in the tree but not counted.
    expect(ledger.days.map((d) => d.delivered)).toEqual([2]);

    const receipt = t0.answer!.replies[0]!.receipt;
    const proof = await (await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/receipts/${receipt}`)).json<{ included: boolean; target: string; day: string; textSha256: string; leaf: string; index: number; size: number; proof: never; merkleRoot: string }>();
    expect(proof).toMatchObject({ included: true, target: '@reply', textSha256: await textHash(excerpt), size: 3 });
    expect(proof.leaf).toBe(await leafHash({ slug: c.slug, receiptId: receipt, target: '@reply', day: proof.day, textSha256: await textHash(excerpt) }));
    expect(await rootFromProof(proof.leaf, proof.proof)).toBe(proof.merkleRoot);

    const page = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries`)).text();
    expect(page).toContain('<blockquote dir="auto" lang="">The Embassy confirms receipt of 1 letter.</blockquote>');
    expect(page).toContain('1 recipient answered; 0 silent for more than 14 days.');
    expect(await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text()).toContain('1 embassy answered, 0 silent for more than 14 days</a>');
    // The supporter's own page shows the answer under the message it answers.
    const own = await (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();
    expect(own).toMatch(/<li data-receipt="[0-9a-f]{32}"><strong>Embassy 0<\/strong>.*It answered on 2026-12-08; the organisers published:<blockquote dir="auto" lang="">The Embassy confirms receipt of 1 letter.<\/blockquote>/s);
  });

  it('counts a target silent once its first delivery is more than 14 days old without an answer', async () => {
    const { c } = await delivered();
    const campaignId = await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(c.slug).first<number>('id');
    const day = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    const receiptId = '1'.repeat(32);
    const textSha256 = await textHash('old message');
    await env.DB.prepare(`INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, created_at) VALUES (?1, ?2, ?3, 't1', ?4, ?5, 0)`)
      .bind(receiptId, campaignId, day, textSha256, await leafHash({ slug: c.slug, receiptId, target: 't1', day, textSha256 }))
      .run();
    const ledger = await ledgerOf(c.slug); // reading the ledger seals the finished days
    expect(ledger.targets.find((t) => t.key === 't1')?.answer).toMatchObject({ status: 'none', silentDays: 20 });
    expect(ledger.answers).toEqual({ answered: 0, silent: 1, silentAfterDays: 14 });
    expect(await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text()).toContain('0 embassies answered, 1 silent for more than 14 days</a>');
  });
});

describe('a published reply passed on', () => {
  /** Signs and confirms one supporter through HTTP. */
  async function supporter(slug: string, target: string, updates: boolean) {
    const body = signatureBody({ target, updates, email: `${unique('s')}@example.org` });
    await postJson(`/api/campaigns/${slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)), body);
    return String(body.email);
  }

  it('reaches once each the supporters who wrote to that embassy and asked for updates, with the one-click unsubscribe', async () => {
    const { c, replyAddress, cookie, csrf } = await delivered();
    const [asked, quiet, elsewhere] = [await supporter(c.slug, 't0', true), await supporter(c.slug, 't0', false), await supporter(c.slug, 't1', true)];
    await deliverReply(replyAddress, mime({ From: 'Embassy <consul@mfa.kz>', Subject: 'Re: Solidarity', Date: 'Tue, 8 Dec 2026 09:30:00 +0000' }, REPLY));
    const reply = await env.DB.prepare('SELECT id FROM target_replies WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first<number>('id');
    const publish = () => adminPost(`/admin/campaigns/${c.slug}/replies/${reply}/publish`, cookie, { _csrf: csrf, text: REPLY });
    await publish();
    await publish();
    await adminPost(`/admin/campaigns/${c.slug}/replies/${reply}/unpublish`, cookie, { _csrf: csrf });
    await publish();
    const got = async (email: string) => (await mailTo(email)).filter((m) => m.subject === 'Embassy 0 answered');
    const mails = await got(asked);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(`${REPLY}\n\nEvery answer, and every message delivered: ${ORIGIN}/c/${c.slug}/deliveries`);
    expect(mails[0]!.text_body).toMatch(/Unsubscribe in one click: http:\/\/localhost\/u\/[A-Za-z0-9_-]{43}/);
    expect(await got(quiet)).toEqual([]);
    expect(await got(elsewhere)).toEqual([]);
  });
});
