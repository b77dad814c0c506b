import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedCampaign } from './delivery-helpers';
import { mailTo, ORIGIN, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

/**
 * No supporter email, IP or unpublished name on any public page or endpoint: seed
 * supporters of every kind, then scan every public response for what must not show.
 */
const secrets: string[] = [];
let slug = '';
let inbox = '';

async function signAs(o: Record<string, unknown>, ip: string, confirm: boolean): Promise<void> {
  const body = signatureBody({ target: 't0', ...o });
  secrets.push(String(body.email), ip);
  const res = await postJson(`/api/campaigns/${slug}/signatures`, body, { 'cf-connecting-ip': ip });
  expect(res.status).toBe(202);
  if (confirm) await confirmAs(await tokenFor(String(body.email)), body);
}

describe('public responses', () => {
  beforeAll(async () => {
    // Addresses of its own, so its mail goes at once (throttle slots are per address).
    const campaign = await isolatedCampaign({}, 3);
    slug = campaign.slug;
    inbox = campaign.mail.to;
    // Published: name and message may show, never the email or IP.
    await signAs({ name: 'Public Person', email: `${unique('pub')}@example.org`, public: true }, '192.0.2.10', true);
    // Not published, confirmed: the name must not show anywhere.
    const hidden = `Hidden ${unique('name')}`;
    secrets.push(hidden);
    await signAs({ name: hidden, email: `${unique('hid')}@example.org`, public: false, message: `secret ${hidden}` }, '192.0.2.11', true);
    // Pending (never confirmed) and withdrawn supporters.
    const pending = `Pending ${unique('name')}`;
    secrets.push(pending);
    await signAs({ name: pending, email: `${unique('pen')}@example.org`, public: true }, '192.0.2.12', false);
  });

  it('never contain a supporter email, an IP or an unpublished name', async () => {
    // The delivery ledger and a real receipt's proof: counts and hashes, never who or what.
    await mailTo(inbox);
    const receipt = await env.DB.prepare(`SELECT receipt_id FROM ledger_leaves WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) LIMIT 1`).bind(slug).first<string>('receipt_id');
    expect(receipt).toMatch(/^[0-9a-f]{32}$/);
    const paths = [
      '/', `/c/${slug}`, `/c/${slug}/privacy`, `/c/${slug}/signed`, `/c/${slug}/embed`, `/c/${slug}/badge.svg`,
      `/api/campaigns/${slug}/count`, `/api/campaigns/${slug}/messages`, '/health',
      `/c/${slug}/deliveries`, `/c/${slug}/deliveries.json`, `/c/${slug}/deliveries/verify?receipt=${receipt}`,
      `/api/campaigns/${slug}/receipts/${receipt}`,
    ];
    for (const path of paths) {
      const res = await SELF.fetch(`${ORIGIN}${path}`);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      for (const secret of secrets) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
    }
    const page = await (await SELF.fetch(`${ORIGIN}/c/${slug}`)).text();
    expect(page).toContain('Public Person');
    // Not even a published name or message is in the ledger.
    for (const path of paths.filter((p) => p.includes('deliveries') || p.includes('receipts'))) {
      const text = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
      for (const word of ['Public Person', 'Solidarity with the strikers!', '@example.org']) expect(text, `${path} shows ${word}`).not.toContain(word);
    }
  });
});
