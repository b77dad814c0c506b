import * as v from 'valibot';
import type { CampaignFile } from '../schemas/campaign-file';
import { readdressStatements } from './holds';
import { picketUpsertStatements } from './pickets';
import type { Statement } from './statements';
import { StringList } from '../schemas/text';
import { isoInstant } from '../schemas/date';

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
      mail: v.optional(v.object({ subject: v.optional(v.string()), body: v.optional(v.string()) })),
    }),
  ),
  abuse: v.object({ blockDisposable: v.boolean(), blockedDomains: v.array(v.string()), blockedEmails: v.array(v.string()) }),
  moderation: v.picklist(['approve-first', 'show-first']),
  milestones: v.array(v.number()),
  /** Campaign file `reminder` and `milestoneMail` (on when a campaign was stored before they existed). */
  reminder: v.optional(v.boolean(), true),
  milestoneMail: v.optional(v.boolean(), true),
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

/**
 * The statements that make the database match a campaign file: upsert the campaign
 * (untouched when the file's hash is unchanged), upsert its targets by id, and
 * deactivate targets no longer in the file. Signatures are never touched; mail waiting
 * for an address the file changes (held after a bounce, or not) goes to the new address.
 */
export function campaignUpsertStatements(file: CampaignFile, sourceHash: string, now: number): Statement[] {
  const settings: CampaignSettings = {
    subject: file.mail.subject,
    body: file.mail.body,
    targetPerHour: file.mail.targetPerHour,
    campaignPerHour: file.mail.campaignPerHour,
    privacy: file.privacy,
    abuse: file.abuse,
    translations: file.translations,
    moderation: file.moderation,
    milestones: file.milestones,
    reminder: file.reminder,
    milestoneMail: file.milestoneMail,
    ...(file.image ? { image: file.image } : {}),
  };
  const targets = file.targets.map((t) => ({ ...t, locale: t.locale ?? null }));
  // A draft is stored closed and flagged (see migration 0007), so SQL that signs sees it closed.
  const status = file.status === 'open' ? 'open' : 'closed';
  const closesAt = file.closesAt ? isoInstant(file.closesAt) : null;
  return [
    // First, while the old addresses are still stored: mail waiting for a changed address follows it.
    ...readdressStatements(file.slug, file.targets, file.mail, now),
    {
      sql: `INSERT INTO campaigns (slug, status, locale, title, summary, body, demands, goal, sender_name,
              mail_to, mail_cc, forward_mode, settings, source_hash, created_at, updated_at, closed_at, draft, closes_at, file)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, iif(?2 = 'closed' AND ?16 = 0, ?15, NULL), ?16, ?17, ?18)
            ON CONFLICT (slug) DO UPDATE SET
              status = excluded.status, locale = excluded.locale, title = excluded.title,
              summary = excluded.summary, body = excluded.body, demands = excluded.demands,
              goal = excluded.goal, sender_name = excluded.sender_name, mail_to = excluded.mail_to,
              mail_cc = excluded.mail_cc, forward_mode = excluded.forward_mode,
              settings = excluded.settings, source_hash = excluded.source_hash,
              updated_at = excluded.updated_at, draft = excluded.draft,
              closes_at = excluded.closes_at, file = excluded.file,
              closed_at = CASE
                WHEN excluded.status = 'open' OR excluded.draft = 1 THEN NULL
                WHEN campaigns.status = 'open' OR campaigns.draft = 1 THEN excluded.updated_at
                ELSE campaigns.closed_at END
            WHERE campaigns.source_hash <> excluded.source_hash`,
      params: [
        file.slug, status, file.locale, file.title, file.summary, file.body,
        JSON.stringify(file.demands), file.goal, file.mail.senderName, file.mail.to,
        JSON.stringify(file.mail.cc), file.mail.forward, JSON.stringify(settings), sourceHash, now,
        file.status === 'draft' ? 1 : 0, closesAt, JSON.stringify(file),
      ],
    },
    {
      sql: `INSERT INTO targets (campaign_id, key, name, country, email, locale, active, names)
            SELECT c.id, json_extract(t.value, '$.id'), json_extract(t.value, '$.name'),
                   json_extract(t.value, '$.country'), json_extract(t.value, '$.email'),
                   json_extract(t.value, '$.locale'), 1, json(json_extract(t.value, '$.names'))
            FROM campaigns c, json_each(?2) t
            WHERE c.slug = ?1
            ON CONFLICT (campaign_id, key) DO UPDATE SET
              name = excluded.name, country = excluded.country, email = excluded.email,
              locale = excluded.locale, names = excluded.names, active = 1
            WHERE targets.name IS NOT excluded.name OR targets.country IS NOT excluded.country
               OR targets.email IS NOT excluded.email OR targets.locale IS NOT excluded.locale
               OR targets.names IS NOT excluded.names OR targets.active = 0`,
      params: [file.slug, JSON.stringify(targets)],
    },
    {
      sql: `UPDATE targets SET active = 0
            WHERE active = 1
              AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)
              AND key NOT IN (SELECT json_extract(value, '$.id') FROM json_each(?2))`,
      params: [file.slug, JSON.stringify(targets)],
    },
    // Pickets by id, after the campaign row (a new campaign's pickets need its id).
    ...picketUpsertStatements(file.slug, file.pickets, now),
    // Organisers: the file's list exactly, whether or not the campaign row changed.
    {
      sql: `INSERT OR IGNORE INTO campaign_organisers (campaign_id, email)
            SELECT c.id, o.value FROM campaigns c, json_each(?2) o WHERE c.slug = ?1`,
      params: [file.slug, JSON.stringify(file.organisers)],
    },
    {
      sql: `DELETE FROM campaign_organisers
            WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)
              AND email NOT IN (SELECT value FROM json_each(?2))`,
      params: [file.slug, JSON.stringify(file.organisers)],
    },
  ];
}

/** The internal id of an active target of this campaign; null when the key is not one. */
export async function findTargetId(db: D1Database, campaignId: number, key: string): Promise<number | null> {
  const row = await db
    .prepare('SELECT id FROM targets WHERE campaign_id = ?1 AND key = ?2 AND active = 1')
    .bind(campaignId, key)
    .first<{ id: number }>();
  return row?.id ?? null;
}
