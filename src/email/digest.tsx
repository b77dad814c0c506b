import { type Campaign, getCampaign } from '../db/campaigns';
import { countConfirmedBetween, daysWithoutDigest, type DigestEntry, listConfirmedBetween, listDigestCampaignSlugs } from '../db/digest';
import { enqueueStatements, type NewMail } from '../db/outbox';
import { runBatch } from '../db/statements';
import { countryName } from '../lib/countries';

const DAY_MS = 86_400_000;
/** A day's digest waits this long after midnight UTC, so late confirmations of that day are in it. */
export const DIGEST_GRACE_MS = 10 * 60_000;
/** Days looked back, so a cron that was down for a while still sends the digests it missed. */
const LOOKBACK_DAYS = 7;
/** Beyond this, a digest says how many more there were (the CSV export has them all). */
const MAX_ENTRIES = 2000;

const day = (start: number) => new Date(start).toISOString().slice(0, 10);

function entryLine(e: DigestEntry, locale: string): string {
  const who = [e.name, e.city, countryName(e.country, locale)].filter(Boolean).join(', ');
  return `${who}${e.email ? ` <${e.email}>` : ''}`;
}

/** The digest for one campaign and UTC day: one email to the campaign address, copies in Cc. */
export async function digestMail(campaign: Campaign, dayStart: number, entries: DigestEntry[], total: number): Promise<NewMail> {
  const date = day(dayStart);
  const more = total - entries.length;
  const intro = `${total} supporter${total === 1 ? '' : 's'} confirmed ${total === 1 ? 'a message' : 'messages'} for “${campaign.title}” on ${date} (UTC).`;
  const text = [intro, ...entries.map((e) => `— ${entryLine(e, campaign.locale)}\n${e.message ?? '(no message)'}`), ...(more > 0 ? [`…and ${more} more: see the CSV export.`] : [])].join('\n\n');
  const doc = (
    <html>
      <body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em">
        <p>{intro}</p>
        {entries.map((e) => (
          <div style="margin:0 0 1em">
            <p style="margin:0;font-weight:bold">{entryLine(e, campaign.locale)}</p>
            <p style="margin:0;white-space:pre-wrap">{e.message ?? '(no message)'}</p>
          </div>
        ))}
        {more > 0 && <p>…and {more} more: see the CSV export.</p>}
      </body>
    </html>
  );
  return {
    kind: 'digest',
    campaignId: campaign.id,
    idempotencyKey: `digest-${campaign.id}-${date}`,
    fromName: campaign.senderName,
    to: [campaign.mailTo],
    cc: campaign.mailCc,
    subject: `Daily digest: ${total} solidarity message${total === 1 ? '' : 's'} for ${campaign.title} (${date})`.slice(0, 200),
    text,
    html: `<!doctype html>${await doc.toString()}`,
  };
}

/**
 * Enqueues the daily digests that are due (run by the cron): for each digest campaign,
 * each finished UTC day of the last week with confirmed messages and no digest yet.
 * The key is per campaign and day, so running it again never enqueues a second one.
 */
export async function enqueueDigests(db: D1Database, now: number): Promise<number> {
  const end = Math.floor((now - DIGEST_GRACE_MS) / DAY_MS) * DAY_MS;
  let enqueued = 0;
  for (const slug of await listDigestCampaignSlugs(db)) {
    const campaign = await getCampaign(db, slug);
    if (!campaign) continue;
    const prefix = `digest-${campaign.id}-`;
    for (const start of await daysWithoutDigest(db, campaign.id, end - LOOKBACK_DAYS * DAY_MS, end, prefix)) {
      const entries = await listConfirmedBetween(db, campaign.id, start, start + DAY_MS, MAX_ENTRIES + 1);
      const total = entries.length > MAX_ENTRIES ? await countConfirmedBetween(db, campaign.id, start, start + DAY_MS) : entries.length;
      const mail = await digestMail(campaign, start, entries.slice(0, MAX_ENTRIES), total);
      await runBatch(db, enqueueStatements(mail, now));
      enqueued += 1;
    }
  }
  return enqueued;
}
