import type { Statement } from './statements';

/** An API token as listed: never the token itself, which only its maker ever sees. */
export type ApiToken = { id: number; label: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null };

/** Stores a new token's hash for the campaign `slug` (the CLI renders this as SQL). */
export function createTokenStatements(slug: string, tokenHash: string, label: string, now: number): Statement[] {
  return [
    {
      sql: `INSERT INTO api_tokens (campaign_id, token_hash, label, created_at)
            SELECT id, ?2, ?3, ?4 FROM campaigns WHERE slug = ?1
            RETURNING id`,
      params: [slug, tokenHash, label, now],
    },
  ];
}

/** Revokes token `id` of campaign `slug`; a revoked token stays revoked. */
export function revokeTokenStatements(slug: string, id: number, now: number): Statement[] {
  return [
    {
      sql: `UPDATE api_tokens SET revoked_at = ?3
            WHERE id = ?2 AND revoked_at IS NULL AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)
            RETURNING id`,
      params: [slug, id, now],
    },
  ];
}

/**
 * Revokes token `id` of campaign `slug` and logs it in one batch; the log entry is written
 * only when this batch revoked it (its `revoked_at` is this `now`), so a refused revoke leaves none.
 */
export function revokeTokenAuditedStatements(slug: string, id: number, actor: string, now: number): Statement[] {
  return [
    ...revokeTokenStatements(slug, id, now),
    {
      sql: `INSERT INTO audit_log (campaign_id, actor, action, detail, created_at)
            SELECT t.campaign_id, ?3, 'token.revoke', json_object('id', t.id), ?4
            FROM api_tokens t JOIN campaigns c ON c.id = t.campaign_id
            WHERE c.slug = ?1 AND t.id = ?2 AND t.revoked_at = ?4`,
      params: [slug, id, actor, now],
    },
  ];
}

/** Lists the tokens of campaign `slug`, newest first. */
export function listTokensStatement(slug: string): Statement {
  return {
    sql: `SELECT t.id, t.label, t.created_at AS createdAt, t.last_used_at AS lastUsedAt, t.revoked_at AS revokedAt
          FROM api_tokens t JOIN campaigns c ON c.id = t.campaign_id
          WHERE c.slug = ?1 ORDER BY t.id DESC`,
    params: [slug],
  };
}

/** The tokens of a campaign, for the dashboard. */
export async function listTokens(db: D1Database, slug: string): Promise<ApiToken[]> {
  const s = listTokensStatement(slug);
  const { results } = await db.prepare(s.sql).bind(...s.params).all<ApiToken>();
  return results;
}

/** The campaign a live token belongs to, and when it was last used; null when none. */
export async function campaignForToken(db: D1Database, tokenHash: string): Promise<{ tokenId: number; campaignId: number; lastUsedAt: number | null } | null> {
  const row = await db
    .prepare('SELECT id, campaign_id, last_used_at FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL')
    .bind(tokenHash)
    .first<{ id: number; campaign_id: number; last_used_at: number | null }>();
  return row ? { tokenId: row.id, campaignId: row.campaign_id, lastUsedAt: row.last_used_at } : null;
}

/**
 * Marks a token as used once it was allowed in (a refused request writes nothing), at
 * most once a minute, so scripts polling the API do not write on every request.
 */
export async function markTokenUsed(db: D1Database, tokenId: number, lastUsedAt: number | null, now: number): Promise<void> {
  if (lastUsedAt !== null && lastUsedAt >= now - 60_000) return;
  await db.prepare('UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1').bind(tokenId, now).run();
}
