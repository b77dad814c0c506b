import { env, SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '../src/lib/time';
import { adminGet, adminPost, csrfOf, makeToken, signIn } from './admin-helpers';
import { settleInvocations } from './limits/invocation';
import { countOf, createCampaign, ORIGIN, postForm, postJson, signatureBody, tokenFor, unique, sentMail, confirmAs } from './helpers';

/** A campaign, its signed-in organiser, and the session's CSRF token. */
async function setup(overrides: Record<string, unknown> = {}) {
  const email = `${unique('org')}@example.org`;
  const c = await createCampaign({ organisers: [email], ...overrides });
  const cookie = await signIn(email);
  return { c, email, cookie, csrf: await csrfOf(cookie) };
}

/** Signs and confirms; returns the signature id. */
async function confirmed(slug: string, overrides: Record<string, unknown> = {}): Promise<number> {
  const body = signatureBody(overrides);
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  await confirmAs(await tokenFor(String(body.email)), body);
  const row = await env.DB.prepare('SELECT id FROM signatures WHERE email = ?1').bind(body.email).first<{ id: number }>();
  return row!.id;
}

async function wall(slug: string): Promise<string> {
  const html = await (await SELF.fetch(`${ORIGIN}/c/${slug}`)).text();
  const start = html.indexOf('<ol data-wall=');
  return html.slice(start, html.indexOf('</ol>', start));
}

describe('GET /admin/campaigns/:slug', () => {
  it('shows counts by status, the chart, countries, targets and delivery status', async () => {
    const { c, cookie } = await setup();
    await confirmed(c.slug, { country: 'KZ', target: 'fr-paris' });
    await confirmed(c.slug, { country: 'KZ', target: 'none' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody());
    const res = await adminGet(`/admin/campaigns/${c.slug}`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<dd data-status="confirmed">2</dd>');
    expect(html).toContain('<dd data-status="pending">1</dd>');
    expect(html).toContain('<dd data-status="spam">0</dd>');
    expect(html).toMatch(/<svg viewBox="0 0 600 160" role="img" aria-labelledby="chart-title" data-chart="true">/);
    expect(html).toContain(`<title>${new Date().toISOString().slice(0, 10)}: 2</title>`);
    expect(html).toContain('<th scope="row">Kazakhstan</th><td>2</td>');
    expect(html).toContain('<th scope="row">No target (campaign only)</th><td>1</td>');
    expect(html).toMatch(/<p data-delivery-status="true">\d+ sent, \d+ waiting, 0 dead/);
    expect(html).toContain(`action="/admin/campaigns/${c.slug}/export/download"`);
    // The first screen answers "how are we doing today" and what waits: signed and confirmed today, mail not yet sent.
    expect(html).toContain('<dd data-today="signed">3</dd>');
    expect(html).toContain('<dd data-today="confirmed">2</dd>');
    expect(html.indexOf('data-today')).toBeLessThan(html.indexOf('id="attention-heading"'));
    const waiting = Number(/<p data-delivery-status="true">\d+ sent, (\d+) waiting/.exec(html)?.[1]);
    if (waiting > 0) expect(html).toContain(`<li data-attention="waiting"><a href="/admin/campaigns/${c.slug}/deliveries">${waiting} email${waiting === 1 ? '' : 's'} waiting to be sent</a></li>`);
    else expect(html).not.toContain('data-attention="waiting"');
  });
});

describe('moderation', () => {
  it('show-first: a public message shows until an organiser hides it; the log says who', async () => {
    const { c, cookie, csrf, email } = await setup({ moderation: 'show-first' });
    const id = await confirmed(c.slug, { message: 'Hold the line!' });
    expect(await wall(c.slug)).toContain('Hold the line!');
    const res = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'hide' });
    expect(res.status).toBe(303);
    expect(await wall(c.slug)).not.toContain('Hold the line!');
    const log = await env.DB.prepare('SELECT action, actor, previous, signature_id FROM moderation_log WHERE signature_id = ?1').bind(id).first();
    expect(log).toEqual({ action: 'hide', actor: email, previous: 'confirmed/unreviewed', signature_id: id });
  });

  it('approve-first: a public message shows only once approved', async () => {
    const { c, cookie, csrf } = await setup({ moderation: 'approve-first' });
    const id = await confirmed(c.slug, { message: 'Waiting for approval' });
    expect(await wall(c.slug)).not.toContain('Waiting for approval');
    await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'approve' });
    expect(await wall(c.slug)).toContain('Waiting for approval');
  });

  it('spam is uncounted, hidden, and its unsent forwards are dropped', async () => {
    const { c, cookie, csrf } = await setup();
    const id = await confirmed(c.slug, { message: 'Buy cheap pills' });
    expect(await countOf(c.slug)).toBe(1);
    const unsent = () => env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE signature_id = ?1 AND kind = 'forward' AND status <> 'sent'`).bind(id).first('n');
    expect(await unsent()).toBe(2);
    const res = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'spam', confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(await countOf(c.slug)).toBe(0);
    expect(await unsent()).toBe(0);
    expect(await env.DB.prepare('SELECT status, moderation FROM signatures WHERE id = ?1').bind(id).first()).toEqual({ status: 'spam', moderation: 'hidden' });
    expect(await wall(c.slug)).not.toContain('Buy cheap pills');
    // Marking it again changes nothing and is not logged twice.
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'spam', confirm: 'yes' })).status).toBe(404);
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'spam' })).status).toBe(404);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM moderation_log WHERE signature_id = ?1').bind(id).first('n')).toBe(1);
  });

  it('spam asks first, saying what it will do in numbers, and changes nothing until confirmed', async () => {
    const { c, cookie, csrf } = await setup();
    const id = await confirmed(c.slug, { message: 'Maybe spam' });
    // Its two forwards still waiting (the request's drain may have sent them: put them back in the queue).
    await settleInvocations();
    await env.DB.prepare(`UPDATE outbox SET status = 'pending', sent_at = NULL WHERE signature_id = ?1 AND kind = 'forward'`).bind(id).run();
    const res = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'spam', filter: 'all' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 id="spam-confirm-heading">Mark 1 signature as spam?</h1>');
    expect(html).toContain('<li>The count goes down by 1 (the confirmed signatures among them).</li>');
    expect(html).toContain('<li data-mails="2">Mail not yet sent in their name is dropped: 2 emails.</li>');
    expect(html).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(html).toContain(`<a class="button secondary" href="/admin/campaigns/${c.slug}/messages?filter=all#moderation-heading">Cancel</a>`);
    expect(await countOf(c.slug)).toBe(1);
    expect(await env.DB.prepare('SELECT status FROM signatures WHERE id = ?1').bind(id).first('status')).toBe('confirmed');
  });

  it('restore undoes spam from the Spam filter: counted again, wall state as before, the dropped mail queued again', async () => {
    const { c, cookie, csrf } = await setup();
    const id = await confirmed(c.slug, { message: 'Not spam after all' });
    await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'approve' });
    await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'spam', confirm: 'yes' });
    const spamList = await (await adminGet(`/admin/campaigns/${c.slug}/messages?filter=spam`, { cookie })).text();
    expect(spamList).toContain('<input type="hidden" name="action" value="restore"/>');
    expect(spamList).toContain('>Not spam: restore</button>');
    const res = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'restore', filter: 'spam' });
    expect(res.status).toBe(303);
    expect(await countOf(c.slug)).toBe(1);
    expect(await env.DB.prepare('SELECT status, moderation FROM signatures WHERE id = ?1').bind(id).first()).toEqual({ status: 'confirmed', moderation: 'approved' });
    // Both forwards are in the outbox again: the dropped one queued anew, one that had gone out kept as sent (never twice).
    const { results } = await env.DB.prepare(`SELECT status FROM outbox WHERE signature_id = ?1 AND kind = 'forward'`).bind(id).all<{ status: string }>();
    expect(results).toHaveLength(2);
    expect(results.filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
    expect(await wall(c.slug)).toContain('Not spam after all');
    const log = await env.DB.prepare('SELECT action, previous FROM moderation_log WHERE signature_id = ?1 ORDER BY id DESC LIMIT 1').bind(id).first();
    expect(log).toEqual({ action: 'restore', previous: 'spam/hidden' });
    // Restoring again changes nothing.
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'restore' })).status).toBe(404);
  });

  it('refuses a form without the session CSRF token, or from another origin', async () => {
    const { c, cookie, csrf } = await setup();
    const id = await confirmed(c.slug);
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { id: String(id), action: 'hide' })).status).toBe(403);
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'hide' }, 'https://evil.example')).status).toBe(403);
    expect(await env.DB.prepare('SELECT moderation FROM signatures WHERE id = ?1').bind(id).first('moderation')).toBe('unreviewed');
  });

  it('answers 422 for a bad action and 404 for a signature of another campaign', async () => {
    const { c, cookie, csrf } = await setup();
    const other = await createCampaign();
    const id = await confirmed(other.slug);
    const bad = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'delete' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('action must be approve, hide or spam');
    expect((await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'hide' })).status).toBe(404);
    expect(await env.DB.prepare('SELECT moderation FROM signatures WHERE id = ?1').bind(id).first('moderation')).toBe('unreviewed');
  });
});

describe('POST /admin/campaigns/:slug/retry-dead', () => {
  it('puts dead messages back in the queue and logs who did it', async () => {
    const { c, cookie, csrf, email } = await setup();
    const id = await confirmed(c.slug);
    // Let the drains after the requests finish first, so none of them records over the test's change.
    await sentMail('o.signature_id = ?1', id);
    await env.DB.prepare(`UPDATE outbox SET status = 'dead', attempts = 10, last_error = 'HTTP 422: invalid to' WHERE signature_id = ?1`).bind(id).run();
    const page = await (await adminGet(`/admin/campaigns/${c.slug}`, { cookie })).text();
    expect(page).toContain('HTTP 422: invalid to');
    expect(page).toContain('<button type="submit" class="secondary">Retry dead messages</button>');
    const res = await adminPost(`/admin/campaigns/${c.slug}/retry-dead`, cookie, { _csrf: csrf });
    expect(res.status).toBe(303);
    // Back in the queue (the drain after the request may already have sent them).
    const { results } = await env.DB.prepare('SELECT status, attempts FROM outbox WHERE signature_id = ?1').bind(id).all();
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'dead' || Number(r.attempts) > 1)).toEqual([]);
    expect(await env.DB.prepare(`SELECT actor FROM moderation_log WHERE action = 'retry-dead' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)`).bind(c.slug).first('actor')).toBe(email);
  });
});

describe('GET /api/admin/campaigns/:slug/stats', () => {
  it('answers the counts by status, per day, by country and by target', async () => {
    const c = await createCampaign();
    await confirmed(c.slug, { country: 'KZ', target: 'fr-paris' });
    await confirmed(c.slug, { country: 'FR', target: 'none' });
    const withdrawn = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, withdrawn);
    await postForm(`/s/${await tokenFor(String(withdrawn.email))}/withdraw`, {});
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody());
    const res = await adminGet(`/api/admin/campaigns/${c.slug}/stats`, { authorization: `Bearer ${await makeToken(c.slug)}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const perDay = Array.from({ length: 30 }, (_, i) => {
      const day = new Date(today - (29 - i) * DAY_MS).toISOString().slice(0, 10);
      return { day, count: i === 29 ? 2 : 0 };
    });
    expect(await res.json()).toEqual({
      status: { pending: 1, confirmed: 2, withdrawn: 1, spam: 0 },
      perDay,
      byCountry: [{ key: 'FR', label: 'FR', count: 1 }, { key: 'KZ', label: 'KZ', count: 1 }],
      byTarget: [
        { key: 'fr-paris', label: 'Embassy of Kazakhstan in Paris, France', count: 1 },
        { key: '', label: 'No target (campaign only)', count: 1 },
      ],
    });
  });
});

describe('public cache purge after moderation', () => {
  it('drops the cached messages and counts of the campaign, so the hidden message is gone at once', async () => {
    const { c, cookie, csrf } = await setup({ moderation: 'show-first' });
    const id = await confirmed(c.slug, { message: 'Cached words' });
    const paths = [`/api/campaigns/${c.slug}/messages`, `/api/campaigns/${c.slug}/count`, `/api/campaigns/${c.slug}/count?lang=ru`];
    for (const path of paths) expect((await SELF.fetch(`${ORIGIN}${path}`)).headers.get('x-cache'), path).toBe('MISS');
    // The puts run in waitUntil, after each response.
    await vi.waitFor(async () => {
      for (const path of paths) if (!(await caches.default.match(`${ORIGIN}${path}`))) throw new Error(`${path} not cached yet`);
    });
    const cachedWall = await SELF.fetch(`${ORIGIN}${paths[0]}`);
    expect(cachedWall.headers.get('x-cache')).toBe('HIT');
    expect(await cachedWall.text()).toContain('Cached words');

    const res = await adminPost(`/admin/campaigns/${c.slug}/moderate`, cookie, { _csrf: csrf, id: String(id), action: 'hide' });
    expect(res.status).toBe(303);
    for (const path of paths) expect(await caches.default.match(`${ORIGIN}${path}`), path).toBeUndefined();
    const fresh = await SELF.fetch(`${ORIGIN}${paths[0]}`);
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(await fresh.json()).toEqual({ slug: c.slug, messages: [] });
  });
});
