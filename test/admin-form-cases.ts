import { env } from 'cloudflare:test';
import { fileToForm } from '../src/schemas/campaign-form';
import type { CampaignFile } from '../src/schemas/campaign-file';

/** What a walked form needs: the campaign, its signed-in organiser's CSRF token, and ids that exist. */
export type WalkContext = { campaign: CampaignFile; csrf: string; signatureId: string; tokenId: string; picketId: string };

/** One admin form: where it posts and a valid set of its fields. */
export type WalkedForm = {
  name: string;
  path: (w: WalkContext) => string;
  fields: (w: WalkContext) => Record<string, string>;
  /** The fields walked, where not every one (a form whose schema another form walks whole). */
  walk?: string[];
  /** The bad values tried, where not all (forms of ~50 fields, each try a whole campaign). */
  values?: string[];
};

// The campaign forms are one schema: the editor's walk tries each of its fields; a new campaign's
// walks the fields the database constrains (campaigns and targets columns) and the required ones.
const CONSTRAINED = ['slug', 'status', 'locale', 'title', 'summary', 'body', 'goal', 'milestones', 'closesAt', 'image', 'mail.senderName', 'mail.to', 'mail.forward',
  'privacy.controller', 'privacy.contact', 'privacy.consentVersion', 'organisers', 'targets.0.id', 'targets.0.name', 'targets.0.country', 'targets.0.email', 'targets.0.locale'];
const SHORT = ['empty', 'oversized', 'control characters', 'huge number', 'malformed'];

const base = (w: WalkContext) => `/admin/campaigns/${w.campaign.slug}`;

/** The editor's fields as the page sends them (markers for the lists it carries whole). */
function editorFields(w: WalkContext): Record<string, string> {
  return { ...fileToForm(w.campaign), _csrf: w.csrf, 'translations.present': '1', 'targets.present': '1', 'abuse.present': '1', 'reminder.present': '1', 'milestoneMail.present': '1' };
}

/** Every form of the organiser's pages that writes (GET filters are walked by their own tests). */
export const FORMS: WalkedForm[] = [
  { name: 'POST /admin/new-campaign', path: () => '/admin/new-campaign', fields: (w) => ({ ...editorFields(w), slug: `${w.campaign.slug}-n`, status: 'draft' }), walk: CONSTRAINED, values: SHORT },
  { name: 'POST /admin/campaigns/:slug/edit', path: (w) => `${base(w)}/edit`, fields: editorFields, values: SHORT },
  { name: 'POST /admin/campaigns/:slug/pickets', path: (w) => `${base(w)}/pickets`, fields: (w) => ({ _csrf: w.csrf, id: 'walk-picket', target: 'gb-london', place: '', city: 'London', country: 'GB', start: '2031-06-16T12:00', end: '2031-06-16T14:00', timeZone: 'Europe/London', meetingPoint: 'At the gate', contact: 'Ana', contactPublic: 'on' }) },
  { name: 'POST /admin/campaigns/:slug/pickets/:id/cancel', path: (w) => `${base(w)}/pickets/${w.picketId}/cancel`, fields: (w) => ({ _csrf: w.csrf }) },
  { name: 'POST /admin/campaigns/:slug/moderate', path: (w) => `${base(w)}/moderate`, fields: (w) => ({ _csrf: w.csrf, id: w.signatureId, action: 'hide', filter: 'all' }) },
  { name: 'POST /admin/campaigns/:slug/messages/bulk', path: (w) => `${base(w)}/messages/bulk`, fields: (w) => ({ _csrf: w.csrf, id: w.signatureId, action: 'approve', filter: 'all' }) },
  { name: 'POST /admin/campaigns/:slug/spam', path: (w) => `${base(w)}/spam`, fields: (w) => ({ _csrf: w.csrf, domain: 'walk-nobody.example', network: '', from: '', to: '', upTo: w.signatureId }) },
  { name: 'POST /admin/campaigns/:slug/holds/retry', path: (w) => `${base(w)}/holds/retry`, fields: (w) => ({ _csrf: w.csrf, address: 'held@example.org' }) },
  { name: 'POST /admin/campaigns/:slug/retry-dead', path: (w) => `${base(w)}/retry-dead`, fields: (w) => ({ _csrf: w.csrf }) },
  { name: 'POST /admin/campaigns/:slug/lookup', path: (w) => `${base(w)}/lookup`, fields: (w) => ({ _csrf: w.csrf, email: 'someone@example.org' }) },
  { name: 'POST /admin/campaigns/:slug/organisers', path: (w) => `${base(w)}/organisers`, fields: (w) => ({ _csrf: w.csrf, email: 'co@example.org' }) },
  { name: 'POST /admin/campaigns/:slug/organisers/remove', path: (w) => `${base(w)}/organisers/remove`, fields: (w) => ({ _csrf: w.csrf, email: 'co@example.org' }) },
  { name: 'POST /admin/campaigns/:slug/tokens', path: (w) => `${base(w)}/tokens`, fields: (w) => ({ _csrf: w.csrf, label: 'laptop' }) },
  { name: 'POST /admin/campaigns/:slug/tokens/:id/revoke', path: (w) => `${base(w)}/tokens/${w.tokenId}/revoke`, fields: (w) => ({ _csrf: w.csrf }) },
  { name: 'POST /admin/campaigns/:slug/updates', path: (w) => `${base(w)}/updates`, fields: (w) => ({ _csrf: w.csrf, subject: 'News', body: 'The strike goes on.', intent: 'preview', draft: 'walk-draft-0001', subject_ru: '', body_ru: '', subject_kk: '', body_kk: '' }) },
];

/** Values no form should choke on: empty, too long for any field, and malformed in the usual ways. */
export const BAD_VALUES: [string, string][] = [
  ['empty', ''],
  ['oversized', 'x'.repeat(20_001)],
  ['control characters', 'a\u0000b\r\nBcc: x@example.org'],
  ['negative', '-1'],
  ['huge number', '99999999999999999999999'],
  ['impossible date', '2026-02-31T25:61'],
  ['malformed', "<b>a@ ' OR 1=1 --"],
];

// Tables a refused form must leave as they were. Sessions, rate limits and the dev mailbox are
// not the form's to write; the outbox is counted, because a drain may change its rows' state.
const TABLES = ['campaigns', 'targets', 'pickets', 'signatures', 'campaign_counts', 'campaign_organisers', 'api_tokens', 'updates', 'audit_log', 'moderation_log', 'mail_holds', 'mail_slots'];

/** Every row of the tables a form may write, by table: what "no partial write" compares. */
export async function snapshot(): Promise<Record<string, string>> {
  const dumps = await env.DB.batch([...TABLES.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`)), env.DB.prepare('SELECT count(*) AS n FROM outbox')]);
  return Object.fromEntries([...TABLES, 'outbox'].map((t, i) => [t, JSON.stringify(dumps[i]?.results)]));
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys(a).filter((t) => a[t] !== b[t]);
}

/** A small campaign (two targets, one picket), so that walking every field stays quick. */
export const SMALL = {
  body: 'Short.', translations: {}, demands: ['One'],
  targets: [
    { id: 'gb-london', name: 'Embassy in London', country: 'GB', email: 'london@example.org' },
    { id: 'de-berlin', name: 'Embassy in Berlin', country: 'DE', email: 'berlin@example.org' },
  ],
};
