import type { CampaignSettings } from '../db/campaigns';
import { AppError } from '../errors';
import { DISPOSABLE_DOMAINS, domainOf } from '../lib/disposable-domains';

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
