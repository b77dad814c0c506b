import type { Principal } from '../lib/principal';
import type { Statement } from './statements';

/** One entry of a campaign's audit log: who did what, with its details. */
export type AuditEntry = {
  campaignId: number;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
  at: number;
};

/** How the log names whoever acts: an organiser's email, `token:<id>`, or `admin-token`. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'admin-token') return 'admin-token';
  return principal.kind === 'session' ? principal.email : `token:${principal.tokenId}`;
}

/**
 * The statement that records an entry: run it in the same batch as the change it records,
 * so a change is never without its entry (and a refused change leaves none).
 */
export function auditStatement(entry: AuditEntry): Statement {
  return {
    sql: 'INSERT INTO audit_log (campaign_id, actor, action, detail, created_at) VALUES (?1, ?2, ?3, ?4, ?5)',
    params: [entry.campaignId, entry.actor, entry.action, entry.detail ? JSON.stringify(entry.detail) : null, entry.at],
  };
}

/** A logged entry as the dashboard shows it. */
export type AuditRow = { id: number; actor: string; action: string; detail: string | null; createdAt: number };

/** A campaign's newest entries first. */
export async function listAudit(db: D1Database, campaignId: number, limit = 100): Promise<AuditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, actor, action, detail, created_at AS createdAt
       FROM audit_log WHERE campaign_id = ?1 ORDER BY id DESC LIMIT ?2`,
    )
    .bind(campaignId, limit)
    .all<AuditRow>();
  return results;
}
