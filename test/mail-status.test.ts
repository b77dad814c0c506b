import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminGet, signIn } from './admin-helpers';
import { isolatedCampaign } from './delivery-helpers';
import { unique } from './helpers';

async function dashboard(mail: Record<string, unknown> = {}, before: () => Promise<unknown> = async () => null) {
  const org = `${unique('org')}@example.org`;
  const c = await isolatedCampaign(mail, 2, { organisers: [org] });
  const cookie = await signIn(org);
  await before();
  const res = await adminGet(`/admin/campaigns/${c.slug}`, { cookie });
  expect(res.status).toBe(200);
  const html = await res.text();
  return { c, section: html.slice(html.indexOf('<section class="mail-status"'), html.indexOf('</section>', html.indexOf('<section class="mail-status"'))) };
}

describe('GET /admin/campaigns/:slug: the mail status', () => {
  it('says how many emails each signature costs, part by part, and offers the digest one click away', async () => {
    const { c, section } = await dashboard({ cc: ['a@example.org', 'b@example.org'] });
    // The demo campaign's shape: confirmation, the copy to one address and two CCs, the target's, the receipt.
    expect(section).toContain('<p data-emails-per-signature="6">Emails each signature costs this campaign against the provider’s quota (every To and CC address counts): 6.</p>');
    expect(section).toContain('<li>the campaign’s copy (To and CC): 3</li>');
    expect(section).toContain('that is about 16 signatures a day.');
    expect(section).toContain(`href="/admin/campaigns/${c.slug}/edit#f-mail-forward">Send the campaign’s copies as one daily digest</a>`);
    expect(section).not.toContain('Mail is paused');
  });

  it('with the digest, counts the campaign’s copies once a day and offers no switch', async () => {
    const { section } = await dashboard({ forward: 'digest' });
    expect(section).toContain('data-emails-per-signature="3"');
    expect(section).toContain('one daily digest for all of them (2 a day)');
    expect(section).not.toContain('#f-mail-forward');
  });

  it('says that mail is paused by the provider’s quota, why and until when', async () => {
    const until = Date.UTC(2099, 0, 2);
    // (After signing in: a pause stops the sign-in link too.)
    const pause = () => env.DB.prepare(`INSERT INTO mail_pauses (mailer, until, code, message, created_at) VALUES ('resend', ?1, 'daily_quota_exceeded', '429', ?2)`).bind(until, Date.now()).run();
    const { section } = await dashboard({}, pause);
    await env.DB.prepare('DELETE FROM mail_pauses').run();
    expect(section).toContain(`data-paused-until="${until}"`);
    expect(section).toContain('Mail is paused: the mail provider’s daily quota is spent. Nothing is sent before 2099-01-02 00:00 (UTC)');
  });
});
