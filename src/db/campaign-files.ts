import * as v from 'valibot';
import { type CampaignFile, CampaignFileSchema } from '../schemas/campaign-file';
import { type Campaign, parseTargetNames } from './campaigns';
import type { Statement } from './statements';

type StoredRow = { file: string | null; source_hash: string };
type TargetRow = { key: string; name: string; names: string | null; country: string; email: string; locale: string | null };

/** What an edit from the browser or the API stores as the hash: `web:` marks it for `push`. */
export const WEB_HASH_PREFIX = 'web:';

/**
 * The campaign file as the database holds it: the stored file (0007 on), else rebuilt from
 * the columns (a campaign pushed before). Its status is the campaign's now, so a campaign
 * that closed by itself reads back closed.
 */
export async function campaignFileOf(db: D1Database, campaign: Campaign): Promise<{ file: CampaignFile; sourceHash: string }> {
  const row = await db.prepare('SELECT file, source_hash FROM campaigns WHERE id = ?1').bind(campaign.id).first<StoredRow>();
  if (!row) throw new Error(`campaign ${campaign.id} vanished`);
  const stored = row.file === null ? null : v.safeParse(CampaignFileSchema, JSON.parse(row.file));
  const file = stored?.success ? stored.output : await rebuiltFile(db, campaign);
  return { file: { ...file, status: campaign.status }, sourceHash: row.source_hash };
}

async function rebuiltFile(db: D1Database, c: Campaign): Promise<CampaignFile> {
  const [targets, organisers] = await Promise.all([
    db.prepare('SELECT key, name, names, country, email, locale FROM targets WHERE campaign_id = ?1 AND active = 1 ORDER BY id').bind(c.id).all<TargetRow>(),
    db.prepare('SELECT email FROM campaign_organisers WHERE campaign_id = ?1 ORDER BY email').bind(c.id).all<{ email: string }>(),
  ]);
  const s = c.settings;
  // Through the schema again, so what comes back is exactly what a file would parse to.
  return v.parse(CampaignFileSchema, {
    slug: c.slug, status: c.status, locale: c.locale, title: c.title, summary: c.summary, body: c.body,
    demands: c.demands, goal: c.goal, ...(s.image ? { image: s.image } : {}), milestones: s.milestones,
    ...(c.closesAt ? { closesAt: new Date(c.closesAt).toISOString() } : {}),
    mail: { senderName: c.senderName, to: c.mailTo, cc: c.mailCc, forward: c.forwardMode, subject: s.subject, body: s.body, targetPerHour: s.targetPerHour, campaignPerHour: s.campaignPerHour },
    privacy: s.privacy, organisers: organisers.results.map((o) => o.email), moderation: s.moderation, abuse: s.abuse, translations: s.translations,
    targets: targets.results.map((t) => ({ id: t.key, name: t.name, country: t.country, email: t.email, ...(t.locale ? { locale: t.locale } : {}), names: parseTargetNames(t.names) })),
  });
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
