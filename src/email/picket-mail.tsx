import { cachedCampaign } from '../db/campaign-cache';
import { localizeCampaign, localizePicket } from '../db/localize';
import type { OutboxRow } from '../db/outbox';
import { type Attendee, attendeesByIds } from '../db/picket-attendees';
import { getPicketById, type Picket } from '../db/pickets';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { linkToken } from '../lib/link-token';
import { picketDate, picketWhen, picketWhere } from '../lib/picket-text';
import type { LinkConfig } from './index';
import { type MailContent, renderHtml } from './templates';

/** The outbox kinds of picket mail, each rendered when it goes out from the attendee and the picket as they are then. */
export const PICKET_KINDS = ['picket-confirm', 'picket-reminder', 'picket-notice'] as const;
export type PicketMailKind = (typeof PICKET_KINDS)[number];

/** Whether an outbox row is picket mail (rendered here, not from a signature). */
export function isPicketMail(kind: string): boolean {
  return kind.startsWith('picket-');
}

/**
 * Whom and what a picket mail's key names: `i:<inbox> <time>.a<attendee>` (the link mail,
 * in its inbox's capped range) or `p<picket>:a<attendee>:<what>` (reminder, notices).
 */
export function picketMailKey(key: string): { attendee: number; what: string } | null {
  const link = /\.a(\d+)$/.exec(key);
  if (key.startsWith('i:') && link) return { attendee: Number(link[1]), what: 'link' };
  const other = /^p\d+:a(\d+):(cancel|moved:v\d+|remind:v\d+)$/.exec(key);
  return other ? { attendee: Number(other[1]), what: other[2] ?? '' } : null;
}

async function content(row: OutboxRow, what: string, a: Attendee, stored: Picket, db: D1Database, links: LinkConfig): Promise<MailContent | string> {
  const cached = await cachedCampaign(db, a.campaignSlug);
  if (!cached) return 'the campaign of this mail is gone';
  const lang = parseLang(a.locale) ?? 'en';
  const p = localizePicket(stored, cached.campaign, lang);
  const t = translator(lang);
  const campaign = localizeCampaign(cached.campaign, lang);
  const where = picketWhere(p, cached.targets, lang);
  const vars = { where, when: picketWhen(p, t, lang), date: picketDate(p, lang).date };
  const url = `${links.baseUrl}/p/${await linkToken(links.secret, a.id, a.tokenNonce)}`;
  const hello = a.name ? t('picket.mail.hello', { name: a.name }) : t('picket.mail.helloAnon');
  const meeting = p.meetingPoint ? `\n\n${t('picket.mail.meeting', { place: p.meetingPoint })}` : '';
  const pageUrl = `${links.baseUrl}/c/${campaign.slug}?lang=${lang}`;
  let subject: string;
  let body: string;
  let action: { label: string; url: string } | undefined;
  let footer = t('picket.mail.withdraw', { url });
  if (what === 'link') {
    const pending = a.status === 'pending';
    subject = t(pending ? 'picket.mail.confirm.subject' : 'picket.mail.already.subject', vars);
    body = `${hello}\n\n${t(pending ? 'picket.mail.confirm.body' : 'picket.mail.already.body', vars)}${meeting}`;
    action = { label: t(pending ? 'picket.confirm.button' : 'picket.details'), url };
    footer = pending ? t('picket.mail.ignore') : footer;
  } else if (what === 'cancel') {
    subject = t('picket.mail.cancel.subject', vars);
    body = `${hello}\n\n${t('picket.mail.cancel.body', { ...vars, url: pageUrl })}`;
    footer = '';
  } else if (p.status === 'cancelled') {
    return 'the picket was cancelled; its cancellation notice says so';
  } else {
    const moved = what.startsWith('moved');
    subject = t(moved ? 'picket.mail.moved.subject' : 'picket.mail.reminder.subject', vars);
    body = `${hello}\n\n${t(moved ? 'picket.mail.moved.body' : 'picket.mail.reminder.body', vars)}${meeting}`;
    action = { label: t('picket.details'), url };
  }
  const text = [body, action && `${action.label}: ${action.url}`, footer].filter(Boolean).join('\n\n');
  return { subject: subject.slice(0, 200), text, html: await renderHtml(body, action, footer || undefined, lang), fromName: campaign.senderName };
}

/** The content of each picket mail among the claimed rows (one query for their attendees), by key. */
export async function renderPicketRows(db: D1Database, rows: OutboxRow[], links: LinkConfig): Promise<Map<string, MailContent | string>> {
  const named = rows.flatMap((row) => {
    const key = picketMailKey(row.idempotency_key);
    return key ? [{ row, ...key }] : [];
  });
  const attendees = await attendeesByIds(db, [...new Set(named.map((n) => n.attendee))]);
  const out = new Map<string, MailContent | string>();
  for (const row of rows) out.set(row.idempotency_key, 'a picket mail whose key names no attendee');
  for (const { row, attendee, what } of named) {
    const a = attendees.get(attendee);
    const picket = a && (await getPicketById(db, a.picketId));
    if (!a || a.email === null || a.status === 'withdrawn' || !picket) out.set(row.idempotency_key, 'the attendee this mail is about withdrew or was erased');
    else out.set(row.idempotency_key, await content(row, what, a, picket, db, links));
  }
  return out;
}
