import type { Statement } from './statements';

/**
 * What the owner of the inbox chose on the confirmation page: every detail sent or shown in
 * their name and every box. `targetKey` null is "no embassy"; `updatesConsent` null is no updates.
 */
export type ConfirmChoices = {
  name: string; country: string; city: string; message: string | null; targetKey: string | null;
  public: boolean; replyToOk: boolean; updatesConsent: string | null;
};

// The chosen target must be an active one of the signature's own campaign (?9 null: none).
const TARGET_OK = `(?9 IS NULL OR EXISTS (SELECT 1 FROM targets t WHERE t.campaign_id = signatures.campaign_id AND t.key = ?9 AND t.active = 1))`;

/** The confirming UPDATE: with `choices` they replace every detail and box; without, the row is confirmed as it stands. */
export function confirmUpdate(id: number, tokenHash: string, now: number, c: ConfirmChoices | null): Statement {
  const given = c ? 1 : 0;
  return {
    sql: `UPDATE signatures SET status = 'confirmed', confirmed_at = ?2, updated_at = ?2,
            name = iif(?4, ?5, name), country = iif(?4, ?6, country), city = iif(?4, ?7, city), message = iif(?4, ?8, message),
            target_id = iif(?4, (SELECT t.id FROM targets t WHERE t.campaign_id = signatures.campaign_id AND t.key = ?9 AND t.active = 1), target_id),
            public = iif(?4, ?10, public), reply_to_ok = iif(?4, ?11, reply_to_ok), updates_consent = iif(?4, ?12, updates_consent)
          WHERE id = ?1 AND token_hash = ?3 AND status = 'pending' AND token_expires_at > ?2
            AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = signatures.campaign_id AND c.status = 'open')
            AND ${TARGET_OK}`,
    params: [
      id, now, tokenHash, given, c?.name ?? null, c?.country ?? null, c?.city ?? null, c?.message ?? null, c?.targetKey ?? null,
      c?.public ? 1 : 0, c?.replyToOk ? 1 : 0, c?.updatesConsent ?? null,
    ],
  };
}
