import * as v from 'valibot';
import { StringList } from '../schemas/text';

const SettingsSchema = v.object({
  subject: v.string(),
  body: v.string(),
  targetPerHour: v.number(),
  campaignPerHour: v.number(),
  privacy: v.object({
    controller: v.string(),
    contact: v.string(),
    retentionDays: v.number(),
    consentVersion: v.string(),
  }),
  translations: v.record(
    v.string(),
    v.object({
      title: v.optional(v.string()),
      summary: v.optional(v.string()),
      body: v.optional(v.string()),
      demands: v.optional(v.array(v.string())),
      mail: v.optional(v.object({ subject: v.optional(v.string()), body: v.optional(v.string()), senderName: v.optional(v.string()) })),
      privacy: v.optional(v.object({ controller: v.optional(v.string()) })),
      /** A picket's city, place and meeting point in this language, by the picket's key. */
      pickets: v.optional(v.record(v.string(), v.object({ city: v.optional(v.string()), place: v.optional(v.string()), meetingPoint: v.optional(v.string()) }))),
    }),
  ),
  abuse: v.object({ blockDisposable: v.boolean(), blockedDomains: v.array(v.string()), blockedEmails: v.array(v.string()) }),
  moderation: v.picklist(['approve-first', 'show-first']),
  milestones: v.array(v.number()),
  /** Campaign file `reminder` and `milestoneMail` (on when a campaign was stored before they existed). */
  reminder: v.optional(v.boolean(), true),
  milestoneMail: v.optional(v.boolean(), true),
  /** Campaign file `followUp`: absent, no follow-up letters to silent targets. */
  followUp: v.optional(v.object({ afterDays: v.number(), everyDays: v.number() })),
  /** Path under public/ or https URL (campaign file `image`); absent: the default picture. */
  image: v.optional(v.string()),
});

export type CampaignSettings = v.InferOutput<typeof SettingsSchema>;

/** `draft`: seen only by its organisers; `closed` also once its closing time has passed. */
export type CampaignStatus = 'draft' | 'open' | 'closed';

export type Campaign = {
  id: number;
  slug: string;
  status: CampaignStatus;
  /** When an open campaign closes by itself (epoch ms), if it does. */
  closesAt: number | null;
  locale: string;
  title: string;
  summary: string;
  body: string;
  demands: string[];
  goal: number;
  senderName: string;
  mailTo: string;
  mailCc: string[];
  forwardMode: 'each' | 'digest' | 'none';
  settings: CampaignSettings;
};

/** A target as the form and mails use it; `names` are its name in other languages. */
export type Target = { id: string; name: string; names: Record<string, string>; country: string; email: string; locale: string | null };

const TargetNames = v.record(v.string(), v.string());

/** A stored `targets.names` column. */
export function parseTargetNames(json: string | null): Record<string, string> {
  return v.parse(TargetNames, JSON.parse(json ?? '{}'));
}

type CampaignRow = {
  id: number;
  slug: string;
  status: 'open' | 'closed';
  draft: number;
  closes_at: number | null;
  locale: string;
  title: string;
  summary: string;
  body: string;
  demands: string;
  goal: number;
  sender_name: string;
  mail_to: string;
  mail_cc: string;
  forward_mode: 'each' | 'digest' | 'none';
  settings: string;
};


/** The status at `now`: a draft is stored closed; an open campaign past its closing time is closed. */
function statusOf(row: CampaignRow, now: number): CampaignStatus {
  if (row.draft === 1) return 'draft';
  return row.status === 'open' && row.closes_at !== null && row.closes_at <= now ? 'closed' : row.status;
}

function toCampaign(row: CampaignRow, now = Date.now()): Campaign {
  return {
    id: row.id,
    slug: row.slug,
    status: statusOf(row, now),
    closesAt: row.closes_at,
    locale: row.locale,
    title: row.title,
    summary: row.summary,
    body: row.body,
    demands: v.parse(StringList, JSON.parse(row.demands)),
    goal: row.goal,
    senderName: row.sender_name,
    mailTo: row.mail_to,
    mailCc: v.parse(StringList, JSON.parse(row.mail_cc)),
    forwardMode: row.forward_mode,
    settings: v.parse(SettingsSchema, JSON.parse(row.settings)),
  };
}

/** The campaign with this slug, whatever its status (a draft too); null when there is none. */
export async function getCampaign(db: D1Database, slug: string): Promise<Campaign | null> {
  const row = await db.prepare('SELECT * FROM campaigns WHERE slug = ?1').bind(slug).first<CampaignRow>();
  return row ? toCampaign(row) : null;
}

/** The campaign with this slug as the public may see it: null for a draft, as for none. */
export async function getPublicCampaign(db: D1Database, slug: string): Promise<Campaign | null> {
  const campaign = await getCampaign(db, slug);
  return campaign?.status === 'draft' ? null : campaign;
}

/** Open campaigns with their confirmed counts, newest first. */
export async function listOpenCampaigns(db: D1Database): Promise<(Campaign & { count: number })[]> {
  const { results } = await db
    .prepare(
      `SELECT c.*, n.confirmed AS count
       FROM campaigns c JOIN campaign_counts n ON n.campaign_id = c.id
       WHERE c.status = 'open'
       ORDER BY c.created_at DESC
       LIMIT 100`,
    )
    .all<CampaignRow & { count: number }>();
  return results.map((row) => ({ ...toCampaign(row), count: row.count })).filter((c) => c.status === 'open');
}

/** The campaign's active targets, by country then name. */
export async function listTargets(db: D1Database, campaignId: number): Promise<Target[]> {
  const { results } = await db
    .prepare(
      `SELECT key AS id, name, names, country, email, locale FROM targets
       WHERE campaign_id = ?1 AND active = 1
       ORDER BY country, name`,
    )
    .bind(campaignId)
    .all<Omit<Target, 'names'> & { names: string }>();
  return results.map((t) => ({ ...t, names: parseTargetNames(t.names) }));
}

/** The internal id of an active target of this campaign; null when the key is not one. */
export async function findTargetId(db: D1Database, campaignId: number, key: string): Promise<number | null> {
  const row = await db
    .prepare('SELECT id FROM targets WHERE campaign_id = ?1 AND key = ?2 AND active = 1')
    .bind(campaignId, key)
    .first<{ id: number }>();
  return row?.id ?? null;
}
