import type { CampaignSettings } from '../db/campaigns';
import { recentLinkMailsTo } from '../db/outbox';
import { AppError } from '../errors';
import { DISPOSABLE_DOMAINS, domainOf } from '../lib/disposable-domains';

/** At most this many confirmation or sign-in emails to one address an hour. */
export const LINK_MAILS_PER_HOUR = 3;

/** Refuses addresses the campaign blocks, as a message on the email field. */
export function assertAllowedEmail(abuse: CampaignSettings['abuse'], email: string): void {
  const domain = domainOf(email);
  const blocked =
    abuse.blockedEmails.includes(email) ||
    abuse.blockedDomains.some((d) => domain === d || domain.endsWith(`.${d}`)) ||
    (abuse.blockDisposable && DISPOSABLE_DOMAINS.has(domain));
  if (blocked) {
    throw new AppError('validation_failed', 'error.check', [{ field: 'email', key: 'error.email.blocked' }]);
  }
}

/**
 * Whether an address has had its share of link emails this hour. Counted exactly in D1
 * (the outbox is the record), so nobody can mail-bomb an address through our form; the
 * caller answers as usual and sends nothing, which also reveals nothing.
 */
export async function linkMailsExhausted(db: D1Database, email: string, now: number): Promise<boolean> {
  return (await recentLinkMailsTo(db, email, now - 3_600_000)) >= LINK_MAILS_PER_HOUR;
}
