import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { PRIVACY_CRON } from '../src/db/privacy';
import worker from './limits/worker';
import { ledgerDaysStatement, ledgerLeavesStatement } from '../src/db/ledger';
import { prepared } from '../src/db/statements';
import type { PublicLedger } from '../src/db/ledger';
import { publicLedger, receiptProof } from '../src/flows/ledger-public';
import { chainDays, dayRoot, leafHash, textHash } from '../src/lib/ledger-hash';
import { checkLedger, type StoredLeaf } from '../src/lib/ledger-verify';
import { rootFromProof } from '../src/lib/merkle';
import { isolatedCampaign } from './delivery-helpers';
import { mailTo, ORIGIN, postJson, signatureBody, tokenFor, confirmAs } from './helpers';

// Addresses of their own per campaign: throttle slots are per address, across campaigns.
const createCampaign = () => isolatedCampaign({}, 3);

/** Signs and confirms through HTTP; the dev mailbox delivers (and so counts) the mail. */
async function supporter(slug: string, overrides: Record<string, unknown> = {}) {
  const body = signatureBody({ target: 't0', ...overrides });
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  const token = await tokenFor(String(body.email));
  await confirmAs(token);
  const { results } = await env.DB.prepare(
    `SELECT receipt_id FROM outbox WHERE kind = 'forward' AND signature_id = (SELECT id FROM signatures WHERE email = ?1) ORDER BY idempotency_key`,
  )
    .bind(body.email)
    .all<{ receipt_id: string }>();
  // The forwards are delivered by the request's drain or the next: wait for them to be counted.
  for (let i = 0; i < 100; i++) {
    await mailTo(String(body.email));
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM ledger_leaves WHERE receipt_id IN (SELECT value FROM json_each(?1))`).bind(JSON.stringify(results.map((r) => r.receipt_id))).first<number>('n');
    if (n === results.length) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { email: String(body.email), token, receipts: results.map((r) => r.receipt_id) };
}

async function stored(slug: string): Promise<{ leaves: StoredLeaf[]; days: Parameters<typeof checkLedger>[2] }> {
  const [leaves, days] = await env.DB.batch(prepared(env.DB, [ledgerLeavesStatement(slug), ledgerDaysStatement(slug)]));
  return { leaves: (leaves?.results ?? []) as StoredLeaf[], days: (days?.results ?? []) as Parameters<typeof checkLedger>[2] };
}

/** Leaves written straight into D1 for past days, as deliveries on those days would have. */
async function pastLeaves(slug: string, days: Record<string, number>) {
  const campaign = (await getCampaign(env.DB, slug))!;
  let n = 0;
  for (const [day, count] of Object.entries(days)) {
    for (let i = 0; i < count; i++, n++) {
      const receiptId = `${day.replace(/-/g, '')}${String(n).padStart(24, '0')}`;
      const textSha256 = await textHash(`message ${n}`);
      const leaf = await leafHash({ slug, receiptId, target: 'fr-paris', day, textSha256 });
      await env.DB.prepare(`INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, created_at) VALUES (?1, ?2, ?3, 'fr-paris', ?4, ?5, 0)`)
        .bind(receiptId, campaign.id, day, textSha256, leaf)
        .run();
    }
  }
  return campaign;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('GET /c/:slug/deliveries.json', () => {
  it('counts per target and day what the dev mailbox delivered, with a root recomputed from the leaves', async () => {
    const c = await createCampaign();
    const a = await supporter(c.slug);
    await supporter(c.slug, { target: 't1' });
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=5, stale-while-revalidate=30');
    const ledger = await res.json<PublicLedger>();
    const count = (key: string) => ledger.targets.find((t) => t.key === key);
    expect(count('@campaign')).toMatchObject({ name: c.mail.senderName, country: null, delivered: 2, days: { [today()]: 2 } });
    expect(count('t0')).toEqual({ key: 't0', name: 'Embassy 0', names: {}, country: 'FR', delivered: 1, days: { [today()]: 1 }, answer: { status: 'none', note: '', silentDays: 0, replies: [] } });
    expect(count('t1')).toMatchObject({ country: 'FR', delivered: 1 });
    expect(count('t2')).toEqual({ key: 't2', name: 'Embassy 2', names: {}, country: 'FR', delivered: 0, days: {}, answer: { status: 'none', note: '', silentDays: null, replies: [] } });
    expect(ledger.days).toEqual([{ day: today(), delivered: 4, merkleRoot: expect.any(String), previousRoot: '0'.repeat(64), root: expect.any(String), sealed: false }]);
    const { leaves } = await stored(c.slug);
    const [day] = await chainDays(c.slug, [{ day: today(), leaves: leaves.map((l) => l.leaf) }]);
    expect(day?.root).toBe(ledger.days[0]?.root);
    expect(JSON.stringify(ledger)).not.toContain(a.email);
    expect(JSON.stringify(ledger)).not.toContain('example.org');
  });

  it('answers 404 for an unknown campaign', async () => {
    expect((await SELF.fetch(`${ORIGIN}/c/no-such-campaign/deliveries.json`)).status).toBe(404);
  });
});

describe('GET /api/campaigns/:slug/receipts/:id', () => {
  it('proves a delivered receipt: its leaf from its fields and the text sent, the path to the tree, the day’s root', async () => {
    const c = await createCampaign();
    const { receipts } = await supporter(c.slug);
    await supporter(c.slug, { target: 't1' });
    const res = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/receipts/${receipts[1]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const r = await res.json<Awaited<ReturnType<typeof receiptProof>>>();
    if (!r.included) throw new Error('not included');
    expect(r).toMatchObject({ receipt: receipts[1], included: true, campaign: c.slug, target: 't0', day: today(), size: 4, sealed: false });
    // The text as it went out (rendered by the drainer): the dev mailbox's copy.
    const text = await env.DB.prepare('SELECT d.text_body FROM outbox o JOIN dev_mailbox d ON d.mail_key = o.idempotency_key WHERE o.receipt_id = ?1')
      .bind(receipts[1])
      .first<string>('text_body');
    expect(r.textSha256).toBe(await textHash(text!));
    expect(r.leaf).toBe(await leafHash({ slug: c.slug, receiptId: receipts[1]!, target: 't0', day: today(), textSha256: r.textSha256 }));
    expect(await rootFromProof(r.leaf, r.proof)).toBe(r.merkleRoot);
    expect(await dayRoot({ slug: c.slug, day: r.day, count: r.size, previous: r.previousRoot, tree: r.merkleRoot })).toBe(r.root);
    const ledger = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries.json`)).json<PublicLedger>();
    expect(ledger.days.find((d) => d.day === r.day)?.root).toBe(r.root);
  });

  it('says not included for an unknown or another campaign’s receipt, and 422 for one that is not a receipt id', async () => {
    const c = await createCampaign();
    const other = await createCampaign();
    const { receipts } = await supporter(c.slug);
    expect(await (await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/receipts/${'0'.repeat(32)}`)).json()).toEqual({ receipt: '0'.repeat(32), included: false });
    expect(await (await SELF.fetch(`${ORIGIN}/api/campaigns/${other.slug}/receipts/${receipts[0]}`)).json()).toEqual({ receipt: receipts[0], included: false });
    const bad = await SELF.fetch(`${ORIGIN}/api/campaigns/${c.slug}/receipts/${'Z'.repeat(32)}`);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', issues: [{ field: 'id', message: 'A receipt id is 32 characters, digits 0–9 and letters a–f' }] } });
  });
});

describe('sealed days', () => {
  it('seals a finished day once, chained to the one before; a later change to its leaves shows, and breaks the changed leaf’s proof', async () => {
    const c = await createCampaign();
    const campaign = await pastLeaves(c.slug, { '2020-01-01': 3, '2020-01-03': 2 });
    const first = await publicLedger(env.DB, campaign, Date.now());
    expect(first.days.map((d) => [d.day, d.delivered, d.sealed])).toEqual([['2020-01-01', 3, true], ['2020-01-03', 2, true]]);
    expect(first.days[1]?.previousRoot).toBe(first.days[0]?.root);
    const { leaves, days } = await stored(c.slug);
    expect(days.map((d) => d.root)).toEqual(first.days.map((d) => d.root));
    expect(await checkLedger(c.slug, leaves, days)).toMatchObject({ differences: [], unsealed: [] });

    // Someone with database access removes a delivered message from the first day.
    const victim = leaves[2]!;
    await env.DB.prepare('DELETE FROM ledger_leaves WHERE receipt_id = ?1').bind(leaves[0]!.receiptId).run();
    const later = await publicLedger(env.DB, campaign, Date.now());
    expect(later.days.map((d) => d.root)).toEqual(first.days.map((d) => d.root));
    const after = await stored(c.slug);
    expect((await checkLedger(c.slug, after.leaves, after.days)).differences).toContain('2020-01-01: 3 leaves sealed, 2 now');
    // The others' proofs come from the tree as sealed (its stored nodes), so they still hold.
    const kept = await receiptProof(env.DB, campaign, victim.receiptId, Date.now());
    if (!kept.included) throw new Error('not included');
    expect(await rootFromProof(kept.leaf, kept.proof)).toBe(first.days[0]?.merkleRoot);
    // A leaf changed after sealing no longer leads to the root, and verify-ledger names it.
    await env.DB.prepare('UPDATE ledger_leaves SET text_sha256 = ?2, leaf = ?3 WHERE receipt_id = ?1').bind(victim.receiptId, 'f'.repeat(64), await leafHash({ slug: c.slug, receiptId: victim.receiptId, target: victim.target, day: victim.day, textSha256: 'f'.repeat(64) })).run();
    const proof = await receiptProof(env.DB, campaign, victim.receiptId, Date.now());
    if (!proof.included) throw new Error('not included');
    expect(await rootFromProof(proof.leaf, proof.proof)).not.toBe(proof.merkleRoot);
    const changed = await stored(c.slug);
    expect((await checkLedger(c.slug, changed.leaves, changed.days)).differences).toContain(`2020-01-01: tree ${first.days[0]?.merkleRoot} sealed, ${(await chainDays(c.slug, [{ day: '2020-01-01', leaves: changed.leaves.filter((l) => l.day === '2020-01-01').map((l) => l.leaf) }]))[0]?.merkleRoot} recomputed`);
  });
});

describe('the daily cron', () => {
  it('seals the finished days of a campaign nobody looked at, and forgets webhook ids after a week', async () => {
    const c = await createCampaign();
    await pastLeaves(c.slug, { '2020-02-01': 2 });
    await env.DB.prepare(`INSERT INTO webhook_events (svix_id, nonce, type, received_at) VALUES ('msg_old_1', 'n', 'email.sent', ?1), ('msg_new_1', 'n', 'email.sent', ?2)`).bind(Date.now() - 8 * 86_400_000, Date.now()).run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: PRIVACY_CRON, scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await stored(c.slug)).days.map((d) => [d.day, d.leaves])).toEqual([['2020-02-01', 2]]);
    const { results } = await env.DB.prepare(`SELECT svix_id FROM webhook_events WHERE svix_id IN ('msg_old_1', 'msg_new_1')`).all();
    expect(results).toEqual([{ svix_id: 'msg_new_1' }]);
  });
});

describe('GET /c/:slug/deliveries', () => {
  it('shows per target and per day what was delivered and each day’s root; the campaign page links to it', async () => {
    const c = await createCampaign();
    await supporter(c.slug);
    const res = await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>Delivery ledger — ${c.title}</h1>`);
    // A column a day: on a phone the table scrolls in its own focusable box, not the page.
    expect(html).toContain('<div class="table-scroll" role="region" aria-labelledby="per-target" tabindex="0"><table class="ledger targets" aria-labelledby="per-target">');
    expect(html).toMatch(/<tr data-target="t0"><th scope="row">Embassy 0<\/th><td>France<\/td><td data-delivered="true">1<\/td>/);
    expect(html).toMatch(/<tr data-target="@campaign"><th scope="row">.* \(the campaign’s own address\)<\/th><td>—<\/td><td data-delivered="true">1<\/td>/);
    expect(html).toMatch(new RegExp(`<tr data-day="${today()}"><th scope="row"><time datetime="${today()}">${today()}</time></th><td>2</td><td><code class="hash">[0-9a-f]{64}</code>`));
    expect(html).toContain(`href="/c/${c.slug}/deliveries/verify"`);
    // Cached per language: a visitor's query string never reaches the links everyone gets.
    const ru = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries?lang=ru&utm_source=evil"x`)).text();
    expect(ru).toContain('Реестр доставки');
    expect(ru).not.toContain('utm_source');
    expect(ru).toContain(`href="/c/${c.slug}/deliveries?lang=kk"`);
    expect(await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries?lang=ru`)).text()).toBe(ru);
    const page = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text();
    expect(page).toContain(`<a href="/c/${c.slug}/deliveries">Delivery ledger: how many messages reached each embassy</a>`);
  });
});

describe('GET /c/:slug/deliveries/verify', () => {
  it('serves the browser check with the receipt filled in, its words in the page’s language, and a text box that never goes into a URL', async () => {
    const c = await createCampaign();
    const id = 'ab'.repeat(16);
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries/verify?receipt=${id}`)).text();
    expect(html).toContain('<script src="/verify.js" defer="">');
    expect(html).toContain(`<form method="get" action="/c/${c.slug}/deliveries/verify" data-verify="${c.slug}">`);
    expect(html).toContain(`name="receipt" value="${id}"`);
    expect(html).toContain('<textarea id="text" rows="6"');
    expect(html).toContain('data-msg-proved="Proved: this message, with this text, was counted as delivered to {target} on {day}."');
    const odd = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries/verify?receipt=%22%3E%3Cscript%3E`)).text();
    expect(odd).toContain('name="receipt" value=""');
    expect((await SELF.fetch(`${ORIGIN}/c/no-such/deliveries/verify`)).status).toBe(404);
  });
});
