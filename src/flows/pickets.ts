import type { Campaign } from '../db/campaigns';
import { type Attendee, confirmAttendeeStatements, getAttendee, rsvpStatements, withdrawAttendeeStatements } from '../db/picket-attendees';
import type { Picket } from '../db/pickets';
import { runBatch, type Statement } from '../db/statements';
import { AppError } from '../errors';
import type { Locale } from '../i18n/index';
import { canonicalInbox } from '../lib/inbox';
import { linkHash, newNonce, readLinkToken } from '../lib/link-token';
import type { RsvpConfirm, RsvpInput } from '../schemas/rsvp';
import { CONFIRM_TTL_MS } from './signing';
import { assertAllowedEmail } from './limits';

/** Whether a picket still takes "I'll be there": planned, not over, its campaign open. */
export function picketOpen(picket: Picket, campaign: Campaign, now = Date.now()): boolean {
  return picket.status === 'planned' && picket.endsAt > now && campaign.status === 'open';
}

const closed = () => new AppError('campaign_closed', 'error.picket.closed');

/**
 * Records "I'll be there" and its link email in one D1 batch; "show my name" is not stored
 * (the owner of the inbox ticks it on the link's page). The answer depends on the
 * input alone: whether the address had answered before or is over its mail cap changes
 * only what is mailed (decided in SQL), never the answer.
 */
export async function rsvp(db: D1Database, campaign: Campaign, picket: Picket, input: RsvpInput, ctx: { secret: string; locale: Locale }): Promise<void> {
  if (!picketOpen(picket, campaign)) throw closed();
  if (input.website !== '') return; // honeypot: look successful, store nothing
  assertAllowedEmail(campaign.settings.abuse, input.email);
  const now = Date.now();
  const nonce = newNonce();
  const results = await runBatch(db, rsvpStatements({
    picketId: picket.id, email: input.email, inbox: canonicalInbox(input.email), name: input.name,
    locale: ctx.locale, consentVersion: campaign.settings.privacy.consentVersion,
    tokenNonce: nonce, tokenHash: await linkHash(ctx.secret, nonce), tokenExpiresAt: now + CONFIRM_TTL_MS,
  }, now));
  // Only when this copy of the picket was out of date (cancelled seconds ago).
  const state = results.at(-1)?.results[0] as { open: number } | undefined;
  if (!state?.open) throw closed();
}

const badLink = () => new AppError('not_found', 'error.badLink');

/** The attendee behind a link token, or a clear error for a malformed or unknown one. */
export async function findAttendee(db: D1Database, token: string): Promise<Attendee> {
  const link = await readLinkToken(token);
  const attendee = link && (await getAttendee(db, link.id, link.hash));
  if (!attendee) throw badLink();
  return attendee;
}

type LinkState = { status: string; expired?: number };

async function linkBatch(db: D1Database, token: string, statements: (id: number, hash: string, now: number) => Statement[]): Promise<LinkState> {
  const link = await readLinkToken(token);
  if (!link) throw badLink();
  const results = await runBatch(db, statements(link.id, link.hash, Date.now()));
  const state = results.at(-1)?.results[0] as LinkState | undefined;
  if (!state) throw badLink();
  return state;
}

/**
 * Confirms "I'll be there" once, with the name and "show my name" as chosen on the link's
 * page (without them, as stored: in-process callers only); an expired link (400) or a
 * cancelled or past picket (409) is refused.
 */
export async function confirmAttendee(db: D1Database, token: string, choices: RsvpConfirm | null = null): Promise<void> {
  const chosen = choices && { name: choices.name, showName: choices.show };
  const state = await linkBatch(db, token, (id, hash, now) => confirmAttendeeStatements(id, hash, now, chosen));
  if (state.status !== 'pending') return;
  if (state.expired) throw new AppError('bad_request', 'error.expired');
  throw closed();
}

/** Withdraws: uncounted, address and name erased, unsent mail to them dropped. */
export async function withdrawAttendee(db: D1Database, token: string): Promise<void> {
  await linkBatch(db, token, withdrawAttendeeStatements);
}
