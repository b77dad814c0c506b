import { getCampaign } from '../db/campaigns';
import { followUpCampaigns, followUpStatements, followUpTargets } from '../db/follow-ups';
import { listSealedDays } from '../db/ledger';
import { runBatch } from '../db/statements';
import { followUpLetter } from '../email/follow-up-mail';
import { newReceiptId } from '../lib/crypto';
import { DAY_MS } from '../lib/time';

/**
 * The daily cron's follow-ups (issue 28): for each campaign that asks for them, every active
 * target that has not answered `afterDays` after its first delivery, and was not followed up
 * in the last `everyDays`, gets the campaign's short letter. Deliveries are read from the
 * sealed days (one row per day), never from the leaves. One batch per campaign. Returns how
 * many letters were written.
 */
export async function followUpSilentTargets(db: D1Database, baseUrl: string, now: number): Promise<number> {
  let written = 0;
  for (const slug of await followUpCampaigns(db)) {
    const campaign = await getCampaign(db, slug);
    const rule = campaign?.settings.followUp;
    if (!campaign || !rule) continue;
    const [targets, days] = await Promise.all([followUpTargets(db, campaign.id), listSealedDays(db, campaign.id)]);
    const first = new Map<string, string>();
    const delivered = new Map<string, number>();
    for (const d of days) {
      for (const [key, n] of Object.entries(d.counts)) {
        if (!first.has(key) && n > 0) first.set(key, d.day);
        delivered.set(key, (delivered.get(key) ?? 0) + n);
      }
    }
    const due = targets.filter((t) => {
      const since = first.get(t.key);
      return !t.answered && since !== undefined && Date.parse(since) <= now - rule.afterDays * DAY_MS
        && (t.followedUpAt === null || t.followedUpAt <= now - rule.everyDays * DAY_MS);
    });
    const ledgerUrl = `${baseUrl}/c/${campaign.slug}/deliveries`;
    const statements = await Promise.all(
      due.map(async (t) => followUpStatements(campaign.id, campaign.senderName, t, await followUpLetter(campaign, t, delivered.get(t.key) ?? 0, first.get(t.key) ?? '', ledgerUrl), newReceiptId(), now)),
    );
    if (statements.length > 0) await runBatch(db, statements.flat());
    written += due.length;
  }
  return written;
}
