import { env, SELF } from 'cloudflare:test';
import { createCampaign, mailTo, ORIGIN, postForm, unique } from './helpers';

/** A picket for a campaign file, on 16 June 2027 in Berlin unless overridden. */
export function picketFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: unique('p').replace(/[^a-z0-9-]/g, ''),
    target: 'de-berlin',
    city: 'Berlin',
    country: 'DE',
    start: '2027-06-16T12:00',
    end: '2027-06-16T14:00',
    timeZone: 'Europe/Berlin',
    meetingPoint: 'Opposite the entrance',
    contact: 'picket@example.org',
    contactPublic: true,
    ...overrides,
  };
}

/** A campaign (from the demo file) with these pickets; returns its slug. */
export async function campaignWithPickets(pickets: Record<string, unknown>[], overrides: Record<string, unknown> = {}): Promise<string> {
  const file = await createCampaign({ pickets, ...overrides });
  return file.slug;
}

/** Says "I'll be there" through the picket page's form. */
export function rsvpForm(slug: string, id: string, fields: Record<string, string>): Promise<Response> {
  return postForm(`/c/${slug}/pickets/${id}/rsvp`, { name: '', show: '', consent: 'on', ...fields });
}

/** The newest picket link (/p/…) mailed to `email`. */
export async function picketTokenFor(email: string): Promise<string> {
  const mails = await mailTo(email);
  const match = mails.at(-1)?.text_body.match(/\/p\/([A-Za-z0-9_-]{43})/);
  if (!match?.[1]) throw new Error(`no picket link mailed to ${email}`);
  return match[1];
}

/** Presses a button on a /p/ page (same origin). */
export function pressLink(path: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
}

/** Presses "Yes, I'll be there" on an RSVP link's page with the name and box as `fields` give them (nothing: no name, not shown). */
export function confirmRsvp(token: string, fields: Record<string, string> = {}): Promise<Response> {
  return postForm(`/p/${token}/confirm`, { name: fields.name ?? '', ...(fields.show ? { show: fields.show } : {}) });
}

/** RSVPs and confirms, choosing on the link's page the same name and box; returns the token. */
export async function comeTo(slug: string, id: string, email: string, fields: Record<string, string> = {}): Promise<string> {
  const res = await rsvpForm(slug, id, { email, ...fields });
  if (res.status !== 303) throw new Error(`rsvp failed: ${res.status} ${await res.text()}`);
  const token = await picketTokenFor(email);
  const confirmed = await confirmRsvp(token, fields);
  if (confirmed.status !== 303) throw new Error(`confirm failed: ${confirmed.status}`);
  return token;
}

/** An attendee row by the address given. */
export function attendeeRow(email: string) {
  return env.DB.prepare('SELECT * FROM picket_attendees WHERE email = ?1').bind(email).first<Record<string, unknown>>();
}
