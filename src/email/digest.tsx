import { type Campaign, getCampaign } from '../db/campaigns';
import { countConfirmedBetween, daysWithoutDigest, type DigestEntry, listConfirmedBetween, listDigestCampaignSlugs } from '../db/digest';
import { enqueueStatement, keys, type NewMail } from '../db/outbox';
import { runBatch } from '../db/statements';
import { type Translate, translator } from '../i18n/index';
import { localizeCampaign } from '../db/localize';
import { parseLang } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { DAY_MS } from '../lib/time';

/** A day's digest waits this long after midnight UTC, so late confirmations of that day are in it. */
export const DIGEST_GRACE_MS = 10 * 60_000;
/** Days looked back, so a cron that was down for a while still sends the digests it missed. */
const LOOKBACK_DAYS = 7;
/** Beyond this, a digest says how many more there were (the CSV export has them all). */
const MAX_ENTRIES = 2000;
/**
 * And beyond this many characters of messages: the text and HTML bodies (UTF-8, Cyrillic
 * two bytes a character) must stay well under D1's 2 MB row limit and a mail provider's.
 */
const MAX_MESSAGE_CHARS = 200_000;

/** The longest prefix of the entries whose messages fit the budget. */
function withinBudget(entries: DigestEntry[]): DigestEntry[] {
  let used = 0;
  const kept: DigestEntry[] = [];
  for (const e of entries) {
    used += (e.message?.length ?? 0) + 200;
    if (used > MAX_MESSAGE_CHARS) break;
    kept.push(e);
  }
  return kept;
}

const day = (start: number) => new Date(start).toISOString().slice(0, 10);

function entryLine(e: DigestEntry, locale: string): string {
  const who = [e.name, e.city, countryName(e.country, locale)].filter(Boolean).join(', ');
  return `${who}${e.email ? ` <${e.email}>` : ''}`;
}

/**
 * The digest for one campaign and UTC day: one email to the campaign address, copies in
 * Cc, its wording in the campaign's language; the supporters' messages as written.
 */
export async function digestMail(campaign: Campaign, dayStart: number, all: DigestEntry[], total: number): Promise<NewMail> {
  const entries = withinBudget(all);
  const lang = parseLang(campaign.locale) ?? 'en';
  const t: Translate = translator(lang);
  const title = localizeCampaign(campaign, lang).title;
  const date = day(dayStart);
  const more = total - entries.length;
  const intro = t('mail.digest.intro', { count: total, title, date });
  const none = t('mail.digest.noMessage');
  const moreLine = t('mail.digest.more', { more });
  const text = [intro, ...entries.map((e) => `— ${entryLine(e, lang)}\n${e.message ?? none}`), ...(more > 0 ? [moreLine] : [])].join('\n\n');
  const doc = (
    <html lang={lang}>
      <body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em">
        <p>{intro}</p>
        {entries.map((e) => (
          <div style="margin:0 0 1em">
            <p style="margin:0;font-weight:bold" dir="auto">{entryLine(e, lang)}</p>
            <p style="margin:0;white-space:pre-wrap" dir="auto">{e.message ?? none}</p>
          </div>
        ))}
        {more > 0 && <p>{moreLine}</p>}
      </body>
    </html>
  );
  return {
    kind: 'digest',
    campaignId: campaign.id,
    idempotencyKey: keys.digest(campaign.id, date),
    fromName: campaign.senderName,
    to: [campaign.mailTo],
    cc: campaign.mailCc,
    subject: t('mail.digest.subject', { count: total, title, date }).slice(0, 200),
    text,
    html: `<!doctype html>${await doc.toString()}`,
  };
}

/** Enqueues one campaign's due digests (days before `end`); returns how many. */
async function enqueueCampaignDigests(db: D1Database, slug: string, end: number, now: number): Promise<number> {
  const campaign = await getCampaign(db, slug);
  if (!campaign) return 0;
  const prefix = keys.digest(campaign.id, '');
  let enqueued = 0;
  for (const start of await daysWithoutDigest(db, campaign.id, end - LOOKBACK_DAYS * DAY_MS, end, prefix)) {
    const entries = await listConfirmedBetween(db, campaign.id, start, start + DAY_MS, MAX_ENTRIES + 1);
    const total = entries.length > MAX_ENTRIES ? await countConfirmedBetween(db, campaign.id, start, start + DAY_MS) : entries.length;
    const mail = await digestMail(campaign, start, entries.slice(0, MAX_ENTRIES), total);
    await runBatch(db, [enqueueStatement(mail, now)]);
    enqueued += 1;
  }
  return enqueued;
}

/**
 * Enqueues the daily digests that are due (run by the cron): for each digest campaign,
 * each finished UTC day of the last week with confirmed messages and no digest yet.
 * The key is per campaign and day, so running it again never enqueues a second one.
 * A campaign whose digest fails does not hold up the others: they are enqueued, then
 * the failures are thrown together, each naming its campaign.
 */
export async function enqueueDigests(db: D1Database, now: number): Promise<number> {
  const end = Math.floor((now - DIGEST_GRACE_MS) / DAY_MS) * DAY_MS;
  let enqueued = 0;
  const failed: Error[] = [];
  for (const slug of await listDigestCampaignSlugs(db)) {
    try {
      enqueued += await enqueueCampaignDigests(db, slug, end, now);
    } catch (err) {
      console.error(`digest: campaign ${slug} failed`, err);
      failed.push(new Error(`digest of campaign ${slug} failed`, { cause: err }));
    }
  }
  if (failed.length > 0) throw new AggregateError(failed, `digests: ${failed.length} campaign(s) failed, ${enqueued} digest(s) enqueued for the others`);
  return enqueued;
}
