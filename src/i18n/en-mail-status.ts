/** English: the dashboard's mail status (paused by a quota, emails per signature); part of `en`. */
export const enMailStatus = {
  'mailStatus.heading': 'Mail and your sending quota',
  'mailStatus.paused': 'Mail is paused: {reason}. Nothing is sent before {until} (UTC), when the quota is new again; the waiting mail then goes by itself.',
  'mailStatus.reason.daily': 'the mail provider’s daily quota is spent',
  'mailStatus.reason.monthly': 'the mail provider’s monthly quota is spent',
  'mailStatus.reason.other': 'the mail provider refused more mail ({code})',
  'mailStatus.cost': 'Emails each signature costs this campaign against the provider’s quota (every To and CC address counts): {count}.',
  'mailStatus.confirmation': 'confirmation request: 1',
  'mailStatus.campaignCopy': 'the campaign’s copy (To and CC): {count}',
  'mailStatus.digestCopy': 'the campaign’s copies: one daily digest for all of them ({count} a day)',
  'mailStatus.noCopy': 'the campaign’s copy: none (not forwarded)',
  'mailStatus.target': 'the target’s copy, when the supporter chooses one: 1',
  'mailStatus.receipt': 'the supporter’s receipt: 1',
  'mailStatus.perDay': 'On Resend’s free plan ({perDay} emails a day) that is about {signatures} signatures a day.',
  'mailStatus.digestLink': 'Send the campaign’s copies as one daily digest',
} as const;
