import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { actorOf, auditStatement, listAudit } from '../src/db/audit';
import { getCampaign } from '../src/db/campaigns';
import { runBatch } from '../src/db/statements';
import { createCampaign } from './helpers';

describe('audit log (db/audit)', () => {
  it('records an entry with its details, newest first, per campaign', async () => {
    const file = await createCampaign();
    const other = await createCampaign();
    const campaign = await getCampaign(env.DB, file.slug);
    const otherCampaign = await getCampaign(env.DB, other.slug);
    if (!campaign || !otherCampaign) throw new Error('campaigns not created');
    await runBatch(env.DB, [
      auditStatement({ campaignId: campaign.id, actor: 'ana@example.org', action: 'campaign.edit', detail: { fields: ['title'] }, at: 1000 }),
      auditStatement({ campaignId: campaign.id, actor: actorOf({ kind: 'token', tokenId: 7, campaignId: campaign.id, label: 'weekly export', scope: 'read', lastUsedAt: null }), action: 'token.create', at: 2000 }),
      auditStatement({ campaignId: otherCampaign.id, actor: 'bo@example.org', action: 'campaign.edit', at: 3000 }),
    ]);
    const rows = await listAudit(env.DB, campaign.id);
    expect(rows.map(({ id: _id, ...rest }) => rest)).toEqual([
      { actor: 'token:7 "weekly export"', action: 'token.create', detail: null, createdAt: 2000 },
      { actor: 'ana@example.org', action: 'campaign.edit', detail: '{"fields":["title"]}', createdAt: 1000 },
    ]);
  });

  it('refuses an action that is not a short lower-case verb', async () => {
    const file = await createCampaign();
    const campaign = await getCampaign(env.DB, file.slug);
    if (!campaign) throw new Error('campaign not created');
    await expect(runBatch(env.DB, [auditStatement({ campaignId: campaign.id, actor: 'x@example.org', action: 'DROP TABLE', at: 1 })])).rejects.toThrow(/CHECK constraint/);
  });
});
