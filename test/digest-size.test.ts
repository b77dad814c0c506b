import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { digestMail } from '../src/email/digest';
import { createCampaign } from './helpers';

describe('digestMail', () => {
  it('stays far under D1’s row limit on a busy day, and says how many more there were', async () => {
    const file = await createCampaign({ mail: { senderName: 'S', to: 'inbox@example.org', forward: 'digest' } });
    const campaign = await getCampaign(env.DB, file.slug);
    if (!campaign) throw new Error('no campaign');
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      name: `Supporter ${i}`, city: 'Алматы', country: 'KZ', message: 'Ынтымақтастық! '.repeat(130), email: null, confirmedAt: 0,
    }));
    const mail = await digestMail(campaign, 0, entries, 5000);
    const bytes = new TextEncoder().encode(mail.text).length + new TextEncoder().encode(mail.html).length;
    expect(bytes).toBeLessThan(1_500_000);
    const shown = (mail.text.match(/— Supporter \d+/g) ?? []).length;
    expect(shown).toBeGreaterThan(50);
    expect(mail.text).toContain(`…and ${(5000 - shown).toLocaleString('en')} more: see the CSV export.`);
  });
});
