import { LOCALES } from '../i18n/index';
import type { CampaignFile } from './campaign-file';

/**
 * The editor's form and the campaign file: each input is named by the file field's dot
 * path (`title`, `mail.to`, `translations.ru.title`, `targets.0.email`), so the schema's
 * own issue paths name the input a problem belongs to. Lists are one item a line; numbers
 * are typed as text and left for the schema to judge.
 */
export type FormValues = Record<string, string>;

const LISTS = new Set(['demands', 'mail.cc', 'abuse.blockedDomains', 'abuse.blockedEmails']);
const NUMBERS = new Set(['goal', 'mail.targetPerHour', 'mail.campaignPerHour', 'privacy.retentionDays']);
const TEXTS = ['slug', 'status', 'locale', 'title', 'summary', 'body', 'image', 'moderation', 'mail.senderName', 'mail.to', 'mail.forward', 'mail.subject', 'mail.body', 'privacy.controller', 'privacy.contact', 'privacy.consentVersion'];
// Left empty, these take the schema's default (as a file that leaves them out does).
const DEFAULTED = ['status', 'locale', 'moderation', 'mail.forward', 'mail.subject', 'mail.body', 'mail.targetPerHour', 'mail.campaignPerHour', 'privacy.consentVersion', 'privacy.retentionDays'];
const TRANSLATED = ['title', 'summary', 'body', 'demands', 'mail.subject', 'mail.body'];
const TARGET = ['id', 'name', 'country', 'email', 'locale'];
/** How many targets the form may carry: the schema's limit, plus room to add a few. */
export const MAX_TARGET_ROWS = 505;

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

function numberOr(text: string): number | string {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
}

function deletePath(target: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  const parent = parts.length === 1 ? target : target[parts[0] ?? ''];
  if (parent && typeof parent === 'object' && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[parts.at(-1) ?? ''];
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    at = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : (at[part] = {});
  }
  at[parts.at(-1) ?? ''] = value;
}

/** A datetime-local input's value (UTC, to the minute) for an ISO date-time. */
function formTime(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().slice(0, 16);
}

/** The file the form describes, on top of `base` (fields the form has no input for are kept). */
export function formToFile(values: FormValues, base: Partial<CampaignFile>): Record<string, unknown> {
  const file: Record<string, unknown> = structuredClone(base);
  const get = (k: string) => values[k] ?? '';
  for (const k of TEXTS) if (k in values) setPath(file, k, get(k));
  for (const k of NUMBERS) if (k in values) setPath(file, k, numberOr(get(k)));
  for (const k of LISTS) if (k in values) setPath(file, k, lines(get(k)));
  for (const k of DEFAULTED) if (k in values && !get(k).trim()) deletePath(file, k);
  if ('milestones' in values) file.milestones = get('milestones').split(/[\s,]+/).filter(Boolean).map(numberOr);
  if ('closesAt' in values) {
    // A datetime-local input has no zone: the form says its times are UTC.
    const at = get('closesAt').trim();
    // The input shows minutes: an untouched one keeps the file's own value (seconds, its spelling).
    if (at && base.closesAt && formTime(base.closesAt) === at) file.closesAt = base.closesAt;
    else if (at) file.closesAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(at) ? `${at.length === 16 ? `${at}:00` : at}Z` : at;
    else delete file.closesAt;
  }
  if ('image' in values && !get('image').trim()) delete file.image;
  if ('organisers' in values) file.organisers = lines(get('organisers'));
  if ('abuse.present' in values) setPath(file, 'abuse.blockDisposable', values['abuse.blockDisposable'] === 'on');
  for (const k of ['reminder', 'milestoneMail'] as const) if (`${k}.present` in values) file[k] = values[k] === 'on';
  if ('translations.present' in values) file.translations = translationsOf(values, base.translations ?? {});
  if ('targets.present' in values) file.targets = targetsOf(values);
  return file;
}

// The editor has no fields for a translation's sender name, privacy controller or pickets:
// those come from the file and are kept as they were.
function translationsOf(values: FormValues, before: CampaignFile['translations']): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const lang of LOCALES) {
    const kept = before[lang];
    const t: Record<string, unknown> = {};
    if (kept?.pickets) t.pickets = kept.pickets;
    if (kept?.privacy) t.privacy = kept.privacy;
    if (kept?.mail?.senderName) setPath(t, 'mail.senderName', kept.mail.senderName);
    for (const k of TRANSLATED) {
      const text = (values[`translations.${lang}.${k}`] ?? '').trim();
      if (text) setPath(t, k, k === 'demands' ? lines(text) : text);
    }
    if (Object.keys(t).length > 0) out[lang] = t;
  }
  return out;
}

function targetsOf(values: FormValues): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < MAX_TARGET_ROWS; i++) {
    const cell = (k: string) => (values[`targets.${i}.${k}`] ?? '').trim();
    const names = Object.fromEntries(LOCALES.map((l) => [l, cell(`names.${l}`)]).filter(([, n]) => n));
    // A row left empty is no target (the form offers a few empty rows to add one); a removed one neither.
    if (TARGET.every((k) => !cell(k)) && Object.keys(names).length === 0) continue;
    if (cell('remove') === 'on') continue;
    const row: Record<string, unknown> = { id: cell('id'), name: cell('name'), country: cell('country').toUpperCase(), email: cell('email'), names };
    if (cell('locale')) row.locale = cell('locale');
    rows.push(row);
  }
  return withIds(rows);
}

/** A target's id made from its country and name: `gb-embassy-in-london`, within the file's 64 characters. */
function madeId(row: Record<string, unknown>, n: number): string {
  const words = String(row.name ?? '').normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const country = /^[A-Z]{2}$/.test(String(row.country)) ? String(row.country).toLowerCase() : 'target';
  return `${country}-${words || String(n + 1)}`.slice(0, 56).replace(/-+$/, '');
}

/** Rows the organiser gave no id get one, unlike every other row's (a number added where needed). */
function withIds(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const taken = new Set(rows.map((r) => r.id).filter((id) => id !== ''));
  rows.forEach((row, n) => {
    if (row.id !== '') return;
    const base = madeId(row, n);
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
    taken.add(id);
    row.id = id;
  });
  return rows;
}

/** The form's values without its target rows (what a pasted CSV's rows replace). */
export function withoutTargets(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !/^targets\.\d+\./.test(k) && k !== 'targetsCsv'));
}

/** The form's inputs for a file (what the editor shows first). */
export function fileToForm(file: CampaignFile): FormValues {
  const v: FormValues = {
    slug: file.slug, status: file.status, locale: file.locale, title: file.title, summary: file.summary, body: file.body,
    demands: file.demands.join('\n'), goal: String(file.goal), milestones: file.milestones.join(', '), image: file.image ?? '',
    closesAt: file.closesAt ? formTime(file.closesAt) : '', moderation: file.moderation,
    'mail.senderName': file.mail.senderName, 'mail.to': file.mail.to, 'mail.cc': file.mail.cc.join('\n'), 'mail.forward': file.mail.forward,
    'mail.subject': file.mail.subject, 'mail.body': file.mail.body, 'mail.targetPerHour': String(file.mail.targetPerHour),
    'mail.campaignPerHour': String(file.mail.campaignPerHour), 'privacy.controller': file.privacy.controller, 'privacy.contact': file.privacy.contact,
    'privacy.retentionDays': String(file.privacy.retentionDays), 'privacy.consentVersion': file.privacy.consentVersion,
    'abuse.blockDisposable': file.abuse.blockDisposable ? 'on' : '', 'abuse.blockedDomains': file.abuse.blockedDomains.join('\n'),
    'abuse.blockedEmails': file.abuse.blockedEmails.join('\n'), organisers: file.organisers.join('\n'),
    reminder: file.reminder ? 'on' : '', milestoneMail: file.milestoneMail ? 'on' : '',
  };
  for (const [lang, t] of Object.entries(file.translations)) {
    for (const k of ['title', 'summary', 'body'] as const) if (t[k]) v[`translations.${lang}.${k}`] = t[k];
    if (t.demands) v[`translations.${lang}.demands`] = t.demands.join('\n');
    if (t.mail?.subject) v[`translations.${lang}.mail.subject`] = t.mail.subject;
    if (t.mail?.body) v[`translations.${lang}.mail.body`] = t.mail.body;
  }
  file.targets.forEach((t, i) => {
    Object.assign(v, { [`targets.${i}.id`]: t.id, [`targets.${i}.name`]: t.name, [`targets.${i}.country`]: t.country, [`targets.${i}.email`]: t.email, [`targets.${i}.locale`]: t.locale ?? '' });
    for (const [l, n] of Object.entries(t.names)) v[`targets.${i}.names.${l}`] = n;
  });
  return v;
}
