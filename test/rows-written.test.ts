import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { cachedCampaign } from '../src/db/campaign-cache';
import { confirmStatements, signStatements } from '../src/db/signatures';
import { prepared } from '../src/db/statements';
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

async function signAndConfirm(slug: string, message: string | null) {
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
  // As chosen on the confirmation page: the same details, shown publicly.
  const choices = { name: 'Ana', country: 'FR', city: 'Paris', message, targetKey: 'fr-paris', public: true, replyToOk: false, updatesConsent: null };
  const confirmed = await env.DB.batch(prepared(env.DB, confirmStatements(id, await linkHash(secret(), nonce), now + 1, choices)));
  return { sign: written(signed), confirm: written(confirmed) };
}

describe('rows written per signature', () => {
  // Confirming: the signature, the counts row (with the inbox's slot), the target's slot and
  // two forwards (row and outbox_due entry each: receipt ids and targets are columns of those
  // rows); the wall's index with a message. The receipt is the drainer's (below).
  it('signing writes 4 rows and confirming 7 (8 with a message for the wall): 11–12 in all', async () => {
    const c = await createCampaign();
    expect(await signAndConfirm(c.slug, null)).toEqual({ sign: 4, confirm: 7 });
    expect(await signAndConfirm(c.slug, 'Solidarity!')).toEqual({ sign: 4, confirm: 8 });
  });

  it('the drainer writes 2 rows a mail (claimed, sent), 2 a provider request (opened, closed) and 2 a receipt it enqueues', async () => {
    const c = await isolatedCampaign();
    const tokens = await seedPending(c.slug, 2, () => ({ target: 't0' }));
    for (const t of tokens) await confirm(env.DB, t);
    const totals: D1Totals = emptyTotals();
    const key = fakeKey();
    const later = Date.now() + 86_400_000;
    const first = await drainOutbox(instrumentD1(env.DB, totals), fakeConfig(key), { now: () => later });
    // Everything due in this file's database (at least these four forwards) in one request,
    // which enqueues the receipts (row and outbox_due entry each) that the next drain sends
    // in a second; a sent forward's text hash is a column of the row the send updates anyway.
    expect(first.claimed).toBeGreaterThanOrEqual(4);
    expect(first.sent).toBe(first.claimed);
    const receipts = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'receipt'`).first<number>('n');
    const ours = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'receipt' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first<number>('n');
    expect(ours).toBe(2);
    const second = await drainOutbox(instrumentD1(env.DB, totals), fakeConfig(key), { now: () => later + 1 });
    expect(second).toMatchObject({ claimed: receipts, sent: receipts });
    expect((await fakeStats(key)).requests).toBe(2);
    const report = { claimed: first.claimed + second.claimed };
    expect(totals.rowsWritten).toBe(report.claimed * 2 + 2 * 2 + receipts! * 2);
  });
});
