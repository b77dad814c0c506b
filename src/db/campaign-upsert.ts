import type { CampaignFile } from '../schemas/campaign-file';
import { isoInstant } from '../schemas/date';
import type { CampaignSettings } from './campaigns';
import { readdressStatements } from './holds';
import { picketUpsertStatements } from './pickets';
import type { Statement } from './statements';

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
    ...(file.followUp ? { followUp: file.followUp } : {}),
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
