import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { cachedCampaign } from '../src/db/campaign-cache';
import { confirmStatements, signStatements } from '../src/db/signatures';
import { prepared } from '../src/db/statements';
import { rollUpTallies } from '../src/db/tallies';
import { canonicalInbox } from '../src/lib/inbox';
import { linkHash, newNonce } from '../src/lib/link-token';
import { suppressionHash } from '../src/lib/suppression';
import { drainOutbox } from '../src/email/drain';
import { confirm } from '../src/flows/signing';
import { type D1Totals, emptyTotals, instrumentD1 } from '../src/middleware/metrics';
import { fakeConfig, fakeKey, fakeStats, isolatedCampaign, secret, seedPending } from './delivery-helpers';
import { createCampaign, unique } from './helpers';

// D1 bills every row and index entry written; the free tier stops at 100,000 a day. These
// are the signing path's writes, exactly: a new index or statement moves them.
const written = (results: D1Result[]) => results.reduce((n, r) => n + (r.meta.rows_written ?? 0), 0);

async function signAndConfirm(slug: string, message: string | null, between: () => Promise<unknown> = async () => {}) {
  const { campaign } = (await cachedCampaign(env.DB, slug))!;
  const email = `${unique('rows')}@example.org`;
  const nonce = newNonce();
  const now = Date.now();
  const signed = await env.DB.batch(prepared(env.DB, signStatements({
    campaignId: campaign.id, email, inbox: canonicalInbox(email), name: 'Ana', country: 'FR', city: 'Paris', message,
    targetKey: 'fr-paris', consentVersion: '1', locale: 'en', tokenNonce: nonce,
    tokenHash: await linkHash(secret(), nonce), tokenExpiresAt: now + 60_000, ipHash: null, suppressionHash: await suppressionHash(secret(), email),
  }, now)));
  const id = (await env.DB.prepare('SELECT id FROM signatures WHERE inbox = ?1').bind(email).first<number>('id'))!;
  await between();
  // As chosen on the confirmation page: the same details, shown publicly.
  const choices = { name: 'Ana', country: 'FR', city: 'Paris', message, targetKey: 'fr-paris', public: true, replyToOk: false, updatesConsent: null };
  const confirmed = await env.DB.batch(prepared(env.DB, confirmStatements(id, await linkHash(secret(), nonce), now + 1, choices)));
  return { sign: written(signed), confirm: written(confirmed) };
}

describe('rows written per signature', () => {
  // Confirming: the signature, the counts row and two forwards (row and outbox_throttled
  // entry each: receipt ids and targets are columns of those rows); one index entry by time,
  // the wall's with a public message and signatures_confirmed_rest's without (the summaries'
  // rollup walks both, migration 0015). No send slot: an address's budget is spent by the
  // drainer (below); the summaries are written later by the rollup, and the receipt by the drainer.
  it('signing writes 4 rows and confirming 7, with a message for the wall or without: 11 in all', async () => {
    const c = await createCampaign();
    expect(await signAndConfirm(c.slug, null)).toEqual({ sign: 4, confirm: 7 });
    expect(await signAndConfirm(c.slug, 'Solidarity!')).toEqual({ sign: 4, confirm: 7 });
    // The signature counted as signed by a rollup step in between: its confirmation still
    // writes no summary (the trigger moves only what is counted and changes).
    const step = () => rollUpTallies(env.DB, Date.now() - 1000);
    expect(await signAndConfirm(c.slug, 'Solidarity!', step)).toEqual({ sign: 4, confirm: 7 });
    expect(await signAndConfirm(c.slug, null, step)).toEqual({ sign: 4, confirm: 7 });
  });

  it('the drainer writes 2 rows a mail (claimed, sent) and its summary row for campaign mail, 2 a provider request (opened, closed), 3 a receipt it enqueues, 1 a forward with a Reply-To and 1 an address whose budget it spends', async () => {
    const c = await isolatedCampaign();
    const tokens = await seedPending(c.slug, 2, () => ({ target: 't0' }));
    for (const t of tokens) await confirm(env.DB, t);
    const totals: D1Totals = emptyTotals();
    const key = fakeKey();
    const later = Date.now() + 86_400_000;
    const first = await drainOutbox(instrumentD1(env.DB, totals), fakeConfig(key), { now: () => later });
    // Everything due in this file's database (at least these four forwards) in one request,
    // which enqueues the receipts (row and outbox_due entry each) that the same drain sends in
    // a second round; a sent forward's text hash is a column of the row the send updates anyway.
    const receipts = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'receipt'`).first<number>('n');
    const ours = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'receipt' AND status = 'sent' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first<number>('n');
    expect(ours).toBe(2);
    expect(first.claimed).toBeGreaterThanOrEqual(4 + receipts!);
    expect(first.sent).toBe(first.claimed);
    expect((await fakeStats(key)).requests).toBe(2);
    const report = { claimed: first.claimed };
    // One claim took every address's forwards: one budget row written per address; and one
    // summary row per campaign mail sent (delivery_tallies, migration 0017: the dashboard reads
    // it instead of every message sent); link mail to an inbox has none.
    const addresses = await env.DB.prepare(`SELECT count(DISTINCT throttle_key) AS n FROM outbox WHERE kind = 'forward'`).first<number>('n');
    expect(addresses).toBeGreaterThanOrEqual(2);
    const campaignMail = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND substr(idempotency_key, 1, 1) = 'c'`).first<number>('n');
    // And the daily sweep's index entries (migrations/0032): one a receipt (deleted a day after
    // it went), one a forward sent with the supporter's Reply-To (blanked after 30 days).
    const replyTos = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND reply_to IS NOT NULL`).first<number>('n');
    expect(totals.rowsWritten).toBe(report.claimed * 2 + 2 * 2 + receipts! * 3 + addresses! + campaignMail! + replyTos!);
  });
});
