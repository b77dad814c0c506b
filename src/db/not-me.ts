import { inboxRangeSql } from './outbox';
import type { Statement } from './statements';

/**
 * Statements for "this wasn't me", as one batch: the inbox is suppressed for the
 * signature's campaign (its keyed hash only, `inboxHash`), the link mail to it about this
 * signature is dropped (sent or not: it holds the address), and the signature is deleted
 * (never confirmed, so never counted: no trigger moves the count). All only while the
 * signature is still pending; the last statement's changes say whether it was (1) or not (0).
 */
export function notMeStatements(id: number, tokenHash: string, inboxHash: string, now: number): Statement[] {
  const own = `FROM signatures WHERE id = ?1 AND token_hash = ?2 AND status = 'pending'`;
  return [
    {
      sql: `INSERT INTO mail_suppressions (campaign_id, inbox_hash, created_at) SELECT campaign_id, ?3, ?4 ${own}
            ON CONFLICT DO NOTHING`,
      params: [id, tokenHash, inboxHash, now],
    },
    { sql: `DELETE FROM outbox WHERE ${inboxRangeSql(`(SELECT inbox ${own})`)} AND signature_id = ?1`, params: [id, tokenHash] },
    { sql: `DELETE ${own}`, params: [id, tokenHash] },
  ];
}

