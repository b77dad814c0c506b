import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { CampaignFileError, parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { createCampaign } from './helpers';

describe('campaign file: reminder and milestoneMail', () => {
  it('are on unless the file says false, and are stored with the campaign', async () => {
    expect(parseCampaignFile(demo)).toMatchObject({ reminder: true, milestoneMail: true });
    const off = await createCampaign({ reminder: false, milestoneMail: false });
    expect((await getCampaign(env.DB, off.slug))?.settings).toMatchObject({ reminder: false, milestoneMail: false });
  });

  it('treat a campaign stored before they existed as on', async () => {
    const c = await createCampaign();
    await env.DB.prepare(`UPDATE campaigns SET settings = json_remove(settings, '$.reminder', '$.milestoneMail') WHERE slug = ?1`).bind(c.slug).run();
    expect((await getCampaign(env.DB, c.slug))?.settings).toMatchObject({ reminder: true, milestoneMail: true });
  });

  it('refuse anything but true or false, naming the field', () => {
    const problems = (() => {
      try {
        parseCampaignFile({ ...demo, reminder: 'yes', milestoneMail: 1 });
        return [];
      } catch (err) {
        return err instanceof CampaignFileError ? err.problems : [String(err)];
      }
    })();
    expect(problems).toEqual(['reminder: must be true or false (got "yes")', 'milestoneMail: must be true or false (got 1)']);
  });
});
