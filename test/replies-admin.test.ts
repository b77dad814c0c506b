import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { replyAddress } from '../src/lib/reply-address';
import { leafHash, REPLY_TARGET, textHash } from '../src/lib/ledger-hash';
import { adminGet, adminPost, csrfOf, signIn } from './admin-helpers';
import { secret } from './delivery-helpers';
import { createCampaign, unique } from './helpers';
import { deliverReply, mime } from './reply-helpers';

const TEXT = 'Dear sender,\n\nThe Embassy has received your letter and forwarded it to Astana.\n\nRegards, the Consul';

/** A campaign organised by a fresh address, signed in, with one reply from the Berlin embassy. */
async function withReply(text = TEXT) {
  const organiser = `${unique('org')}@example.org`;
  const file = await createCampaign({ organisers: [organiser] });
  const target = await env.DB.prepare(`SELECT t.id FROM targets t JOIN campaigns c ON c.id = t.campaign_id WHERE c.slug = ?1 AND t.key = 'de-berlin'`).bind(file.slug).first<number>('id');
  await deliverReply(await replyAddress(secret(), 'replies.example.org', target!), mime({ From: 'Botschaft <info@kasbot.de>', Subject: 'Ihr Schreiben', 'Message-ID': `<${unique('m')}@kasbot.de>` }, text));
  const reply = await env.DB.prepare('SELECT id FROM target_replies WHERE target_id = ?1').bind(target!).first<number>('id');
  const cookie = await signIn(organiser);
  const csrf = await csrfOf(cookie, `/admin/campaigns/${file.slug}/replies`);
  return { slug: file.slug, cookie, csrf, reply: reply!, target: target! };
}

const audit = (slug: string) =>
  env.DB.prepare(`SELECT actor, action, detail FROM audit_log WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY id`).bind(slug).all<{ actor: string; action: string; detail: string }>();

describe('GET /admin/campaigns/:slug/replies', () => {
  it('lists each target\'s status and the replies newest first, as text, with their verdicts; linked from the dashboard', async () => {
    const { slug, cookie } = await withReply('<b>bold</b> & <script>alert(1)</script>');
    expect(await (await adminGet(`/admin/campaigns/${slug}`, { cookie })).text()).toContain(`<a href="/admin/campaigns/${slug}/replies" data-replies-link="true">Replies from the targets</a>`);
    const res = await adminGet(`/admin/campaigns/${slug}/replies`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<pre class="reply-text" dir="auto">&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</pre>');
    expect(html).toContain('<span data-verdicts="true">SPF pass · DKIM pass · DMARC pass</span>');
    expect(html).toContain('From Botschaft &lt;info@kasbot.de&gt;');
    expect(html).toMatch(/<li data-target="de-berlin">.*1 reply, 0 published/s);
  });

  it('sends a stranger to sign in and refuses an organiser of another campaign (403)', async () => {
    const { slug } = await withReply();
    expect((await adminGet(`/admin/campaigns/${slug}/replies`)).status).toBe(303);
    const other = await withReply();
    expect((await adminGet(`/admin/campaigns/${slug}/replies`, { cookie: other.cookie })).status).toBe(403);
  });
});

describe('POST /admin/campaigns/:slug/replies/:id/publish', () => {
  it('publishes an excerpt in the reply\'s own words with its ledger leaf and an audit entry', async () => {
    const { slug, cookie, csrf, reply } = await withReply();
    const excerpt = 'The Embassy has received your letter … Regards, the Consul';
    const res = await adminPost(`/admin/campaigns/${slug}/replies/${reply}/publish`, cookie, { _csrf: csrf, text: excerpt });
    expect(res.status).toBe(303);
    const row = await env.DB.prepare('SELECT published_text, published_hash, published_receipt FROM target_replies WHERE id = ?1').bind(reply).first<Record<string, string>>();
    expect(row?.published_text).toBe(excerpt);
    expect(row?.published_hash).toBe(await textHash(excerpt));
    const leaf = await env.DB.prepare('SELECT day, target, text_sha256, leaf FROM ledger_leaves WHERE receipt_id = ?1').bind(row!.published_receipt).first<Record<string, string>>();
    expect(leaf).toMatchObject({ target: REPLY_TARGET, text_sha256: await textHash(excerpt) });
    expect(leaf?.leaf).toBe(await leafHash({ slug, receiptId: row!.published_receipt!, target: REPLY_TARGET, day: leaf!.day!, textSha256: await textHash(excerpt) }));
    // The publication, then the update that passes it on to those who wrote to the embassy.
    const [entry, update] = (await audit(slug)).results.slice(-2);
    expect(entry!.action).toBe('reply.publish');
    expect(JSON.parse(entry!.detail)).toMatchObject({ reply, target: 'de-berlin', excerpt: true, characters: excerpt.length });
    expect(update!.action).toBe('update.send');
  });

  it('refuses words the reply does not have (422, the text kept, nothing stored)', async () => {
    const { slug, cookie, csrf, reply } = await withReply();
    const res = await adminPost(`/admin/campaigns/${slug}/replies/${reply}/publish`, cookie, { _csrf: csrf, text: 'The Embassy supports the strikers.' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('>The Embassy supports the strikers.</textarea>');
    expect(html).toContain('Publish only the reply’s own words');
    expect(await env.DB.prepare('SELECT published_text FROM target_replies WHERE id = ?1').bind(reply).first('published_text')).toBeNull();
  });

  it('refuses an empty text and another campaign\'s reply', async () => {
    const { slug, cookie, csrf, reply } = await withReply();
    expect((await adminPost(`/admin/campaigns/${slug}/replies/${reply}/publish`, cookie, { _csrf: csrf, text: '  ' })).status).toBe(422);
    const other = await withReply();
    expect((await adminPost(`/admin/campaigns/${slug}/replies/${other.reply}/publish`, cookie, { _csrf: csrf, text: TEXT })).status).toBe(404);
  });

  it('takes a published reply off the public pages, logged', async () => {
    const { slug, cookie, csrf, reply } = await withReply();
    await adminPost(`/admin/campaigns/${slug}/replies/${reply}/publish`, cookie, { _csrf: csrf, text: TEXT });
    expect((await adminPost(`/admin/campaigns/${slug}/replies/${reply}/unpublish`, cookie, { _csrf: csrf })).status).toBe(303);
    expect(await env.DB.prepare('SELECT published_text FROM target_replies WHERE id = ?1').bind(reply).first('published_text')).toBeNull();
    expect((await audit(slug)).results.map((e) => e.action).filter((a) => a.startsWith('reply.'))).toEqual(['reply.publish', 'reply.unpublish']);
  });
});

describe('POST /admin/campaigns/:slug/targets/:key/answer', () => {
  it('marks a target\'s status with a note and logs before → after', async () => {
    const { slug, cookie, csrf, target } = await withReply();
    const res = await adminPost(`/admin/campaigns/${slug}/targets/de-berlin/answer`, cookie, { _csrf: csrf, status: 'acknowledged', note: 'Letter of 7 December' });
    expect(res.status).toBe(303);
    expect(await env.DB.prepare('SELECT status, note FROM target_answers WHERE target_id = ?1').bind(target).first()).toEqual({ status: 'acknowledged', note: 'Letter of 7 December' });
    const entry = (await audit(slug)).results.at(-1)!;
    expect([entry.action, JSON.parse(entry.detail)]).toEqual(['target.status', { target: 'de-berlin', before: { status: 'none', note: '' }, after: { status: 'acknowledged', note: 'Letter of 7 December' } }]);
  });

  it('refuses an unknown status or a long note (422) and an unknown target (404)', async () => {
    const { slug, cookie, csrf } = await withReply();
    expect((await adminPost(`/admin/campaigns/${slug}/targets/de-berlin/answer`, cookie, { _csrf: csrf, status: 'ignored', note: '' })).status).toBe(422);
    const long = await adminPost(`/admin/campaigns/${slug}/targets/de-berlin/answer`, cookie, { _csrf: csrf, status: 'answered', note: 'x'.repeat(501) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('The note can be at most 500 characters long.');
    expect((await adminPost(`/admin/campaigns/${slug}/targets/xx-nowhere/answer`, cookie, { _csrf: csrf, status: 'answered', note: '' })).status).toBe(404);
  });
});
