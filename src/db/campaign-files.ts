import * as v from 'valibot';
import { type CampaignFile, CampaignFileSchema } from '../schemas/campaign-file';
import type { Campaign } from './campaigns';
import type { Statement } from './statements';

/**
 * A campaign's stored file and hash, its columns rebuilt as a file (for rows pushed before
 * 0007), and its pickets as the file writes them: the pickets table is where they live
 * (the dashboard edits them there), so they replace the stored file's.
 */
export type StoredFileRow = { file: string | null; source_hash: string; status: string; draft: number; closes_at: number | null; rebuilt: string; pickets: string };

/** What an edit from the browser or the API stores as the hash: `web:` marks it for `push`. */
export const WEB_HASH_PREFIX = 'web:';

/**
 * One statement (the Worker's and the CLI's `pull`/`push`) reading the stored file and, for a
 * campaign pushed before 0007, the same file rebuilt from its columns and rows.
 */
export function storedFileStatement(slug: string): Statement {
  return {
    sql: `SELECT c.file, c.source_hash, c.status, c.draft, c.closes_at, json_object(
            'slug', c.slug, 'status', iif(c.draft = 1, 'draft', c.status), 'locale', c.locale, 'title', c.title,
            'summary', c.summary, 'body', c.body, 'demands', json(c.demands), 'goal', c.goal,
            'image', json_extract(c.settings, '$.image'), 'milestones', c.settings -> '$.milestones',
            'mail', json_object('senderName', c.sender_name, 'to', c.mail_to, 'cc', json(c.mail_cc), 'forward', c.forward_mode,
              'subject', json_extract(c.settings, '$.subject'), 'body', json_extract(c.settings, '$.body'),
              'targetPerHour', json_extract(c.settings, '$.targetPerHour'), 'campaignPerHour', json_extract(c.settings, '$.campaignPerHour')),
            'privacy', c.settings -> '$.privacy', 'moderation', json_extract(c.settings, '$.moderation'),
            'abuse', c.settings -> '$.abuse', 'translations', c.settings -> '$.translations',
            'organisers', (SELECT json_group_array(email) FROM (SELECT email FROM campaign_organisers WHERE campaign_id = c.id ORDER BY email)),
            'targets', (SELECT json_group_array(json_object('id', key, 'name', name, 'country', country, 'email', email,
                          'locale', locale, 'names', json(coalesce(names, '{}'))))
                        FROM (SELECT * FROM targets WHERE campaign_id = c.id AND active = 1 ORDER BY id))
          ) AS rebuilt,
          (SELECT json_group_array(json_object('id', key, 'target', target_key, 'place', place, 'city', city, 'country', country,
              'start', starts_local, 'end', ends_local, 'timeZone', time_zone, 'meetingPoint', meeting_point, 'contact', coalesce(contact, ''),
              'contactPublic', json(iif(contact_public = 1, 'true', 'false')), 'lat', lat, 'lon', lon, 'status', status))
           FROM (SELECT * FROM pickets WHERE campaign_id = c.id ORDER BY id)) AS pickets
          FROM campaigns c WHERE c.slug = ?1`,
    params: [slug],
  };
}

// Absent, not null: what a file that leaves a field out parses to.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).flatMap(([k, x]) => (x === null ? [] : [[k, withoutNulls(x)]])));
  return value;
}

/**
 * The campaign file a stored row holds, validated by the file's schema; its status is the
 * one in force at `now` (a campaign past its closing time reads back closed).
 */
export function fileFromStored(row: StoredFileRow, now = Date.now()): CampaignFile {
  const pickets = withoutNulls(JSON.parse(row.pickets));
  const stored = row.file === null ? null : v.safeParse(CampaignFileSchema, { ...JSON.parse(row.file), pickets });
  const file = stored?.success ? stored.output : rebuiltFile(row, pickets);
  const closedByTime = row.status === 'open' && row.draft === 0 && row.closes_at !== null && row.closes_at <= now;
  return closedByTime ? { ...file, status: 'closed' } : file;
}

function rebuiltFile(row: StoredFileRow, pickets: unknown): CampaignFile {
  const rebuilt = withoutNulls(JSON.parse(row.rebuilt));
  const closesAt = row.closes_at ? { closesAt: new Date(row.closes_at).toISOString() } : {};
  return v.parse(CampaignFileSchema, rebuilt && typeof rebuilt === 'object' ? { ...rebuilt, ...closesAt, pickets } : rebuilt);
}

/** The campaign file as the database holds it, and the hash stored with it. */
export async function campaignFileOf(db: D1Database, campaign: Campaign): Promise<{ file: CampaignFile; sourceHash: string }> {
  const s = storedFileStatement(campaign.slug);
  const row = await db.prepare(s.sql).bind(...s.params).first<StoredFileRow>();
  if (!row) throw new Error(`campaign ${campaign.slug} vanished`);
  return { file: fileFromStored(row), sourceHash: row.source_hash };
}

/**
 * Fails the batch it opens (UNIQUE on slug) when the campaign exists, so a create can never
 * turn into an edit of someone else's campaign, even when two run at once. The upsert that
 * follows in the same batch fills the row in.
 */
export function createGuardStatement(slug: string, now: number): Statement {
  return {
    sql: `INSERT INTO campaigns (slug, status, draft, title, goal, sender_name, mail_to, source_hash, created_at, updated_at)
          VALUES (?1, 'closed', 1, ?1, 1, ?1, 'nobody@invalid', 'creating', ?2, ?2)`,
    params: [slug, now],
  };
}

/**
 * Fails the batch it opens (a CHECK on `draft`) when the campaign's hash is no longer the one
 * its writer read: an edit in the browser between a push's check and its write is never
 * overwritten (`IS NOT`, so a campaign created meanwhile fails a create's check too).
 */
export function unchangedSinceStatement(slug: string, seenHash: string | null): Statement {
  return { sql: 'UPDATE campaigns SET draft = 2 WHERE slug = ?1 AND source_hash IS NOT ?2', params: [slug, seenHash] };
}

/** After a pull: the campaign counts as in step with the file written, unless it changed meanwhile. */
export function markPulledStatement(slug: string, seenHash: string, newHash: string): Statement {
  return { sql: 'UPDATE campaigns SET source_hash = ?3 WHERE slug = ?1 AND source_hash = ?2', params: [slug, seenHash, newHash] };
}

/** Whether a batch failed on `unchangedSinceStatement`'s CHECK. */
export function failedUnchangedSince(err: unknown): boolean {
  return err instanceof Error && /CHECK constraint failed/.test(err.message);
}

/**
 * Marks the campaign edited outside its file (a picket changed on the dashboard): `push`
 * then asks before overwriting it, as after any edit in the browser.
 */
export function markWebEditedStatement(slug: string): Statement {
  return { sql: `UPDATE campaigns SET source_hash = '${WEB_HASH_PREFIX}' || lower(hex(randomblob(32))) WHERE slug = ?1`, params: [slug] };
}

/** An audit entry for the campaign `slug` (its id looked up in the batch: it may be new). */
export function auditBySlugStatement(slug: string, actor: string, action: string, detail: Record<string, unknown>, at: number): Statement {
  return {
    sql: `INSERT INTO audit_log (campaign_id, actor, action, detail, created_at)
          SELECT id, ?2, ?3, ?4, ?5 FROM campaigns WHERE slug = ?1`,
    params: [slug, actor, action, JSON.stringify(detail), at],
  };
}

/**
 * Stores, for good, that open campaigns past their closing time are closed (read time
 * already shows them closed): the minute cron runs it. Returns the slugs it closed.
 */
export async function closeDueCampaigns(db: D1Database, now: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `UPDATE campaigns SET status = 'closed', closed_at = closes_at, updated_at = ?1,
         file = iif(file IS NULL, NULL, json_set(file, '$.status', 'closed'))
       WHERE status = 'open' AND draft = 0 AND closes_at IS NOT NULL AND closes_at <= ?1
       RETURNING slug`,
    )
    .bind(now)
    .all<{ slug: string }>();
  return results.map((r) => r.slug);
}

/** Every campaign with its count, for an admin's list: slug, title, status, count, goal. */
export async function listAllCampaigns(db: D1Database): Promise<{ slug: string; title: string; status: string; confirmed: number; goal: number }[]> {
  const { results } = await db
    .prepare('SELECT slug, title, status, confirmed, goal FROM campaign_counts ORDER BY title LIMIT 500')
    .all<{ slug: string; title: string; status: string; confirmed: number; goal: number }>();
  return results;
}
