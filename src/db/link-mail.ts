import { inboxCapSql, keys } from './outbox';
import type { Statement } from './statements';

/**
 * The link email to an inbox's signature in a campaign, chosen in SQL by its status: a
 * confirmation request while pending, a note once confirmed, nothing for spam or none; only
 * while the inbox is under its hourly cap. Rendered when it goes out, with the signature's
 * one link. Sent to the address as stored with the signature, never to another spelling
 * typed later: mail about a signature goes where its owner asked for it.
 */
export function linkMailStatement(campaignId: number, inbox: string, now: number): Statement {
  return {
    sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, next_attempt_at, created_at)
          SELECT ?3, iif(s.status = 'pending', 'confirm', 'already-signed'), s.campaign_id, s.id, c.sender_name,
            json_array(s.email), ?4, ?4
          FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
          WHERE s.campaign_id = ?1 AND s.inbox = ?2 AND s.status IN ('pending', 'confirmed') AND c.status = 'open'
            AND ${inboxCapSql('?2', '?4')}
          ON CONFLICT DO NOTHING`,
    params: [campaignId, inbox, keys.link(inbox, now), now],
  };
}

/**
 * Statements that send a signature's link again (the check-your-inbox page's button), as
 * one batch: a pending signature's link gets a new week; the mail is chosen and capped as
 * signing's. Nothing stored changes otherwise, and the link stays the one already mailed.
 */
export function resendStatements(campaignId: number, inbox: string, now: number, tokenExpiresAt: number): Statement[] {
  return [
    {
      sql: `UPDATE signatures SET token_expires_at = ?3 WHERE campaign_id = ?1 AND inbox = ?2 AND status = 'pending'`,
      params: [campaignId, inbox, tokenExpiresAt],
    },
    linkMailStatement(campaignId, inbox, now),
  ];
}
