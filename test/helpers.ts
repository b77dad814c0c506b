import { env, SELF } from 'cloudflare:test';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { runBatch } from '../src/db/statements';
import { readLinkToken } from '../src/lib/link-token';
import { drainOutbox } from '../src/email/drain';
import { mailConfig } from '../src/email/index';
import { type CampaignFile, parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';

export const ORIGIN = 'http://localhost';

let counter = 0;
/** A unique suffix, so tests in one file never share rows. */
export function unique(prefix = 'x'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Pushes a campaign built from the demo file, with overrides; returns the parsed file. */
export async function createCampaign(overrides: Record<string, unknown> = {}): Promise<CampaignFile> {
  const file = parseCampaignFile({ ...demo, slug: unique('c'), ...overrides });
  await runBatch(env.DB, campaignUpsertStatements(file, `hash-${JSON.stringify(file).length}-${unique()}`, Date.now()));
  return file;
}

/** A valid signature body; override fields per test. */
export function signatureBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ana Lima',
    email: `${unique('ana')}@example.org`,
    country: 'FR',
    city: 'Paris',
    message: 'Solidarity with the strikers!',
    target: 'fr-paris',
    public: true,
    consent: true,
    ...overrides,
  };
}

const BOXES = ['public', 'reply', 'updates'] as const;

/**
 * The confirmation form's fields for a signature's link, as a supporter sends them: the
 * details as stored, each overridden by a string in `choices`, and each box as `choices` says
 * (`true`/'on' or `false`; e.g. a `signatureBody`), else as stored (signing stores none, so
 * off unless a test seeded the row). The attack tests post their fields explicitly.
 */
export async function confirmFields(token: string, choices: Record<string, unknown> = {}): Promise<Record<string, string>> {
  const link = await readLinkToken(token);
  const row = link && (await env.DB.prepare(
    `SELECT s.name, s.country, s.city, s.message, t.key, s.public, s.reply_to_ok AS reply, s.updates_consent IS NOT NULL AS updates
     FROM signatures s LEFT JOIN targets t ON t.id = s.target_id WHERE s.id = ?1`,
  ).bind(link.id).first<{ name: string; country: string; city: string; message: string | null; key: string | null; public: number; reply: number; updates: number }>());
  const fields: Record<string, string> = row
    ? { name: row.name, country: row.country, city: row.city, message: row.message ?? '', target: row.key ?? 'none' }
    : {};
  for (const key of ['name', 'country', 'city', 'message', 'target']) {
    const value = choices[key];
    if (typeof value === 'string') fields[key] = value;
  }
  for (const box of BOXES) {
    const chosen = choices[box];
    if (chosen === true || chosen === 'on' || (chosen === undefined && row?.[box] === 1)) fields[box] = 'on';
  }
  return fields;
}

/** Presses "Confirm my signature" on a link's page with `choices` (see confirmFields). */
export async function confirmAs(token: string, choices: Record<string, unknown> = {}): Promise<Response> {
  return postForm(`/s/${token}/confirm`, await confirmFields(token, choices));
}

/** POSTs JSON to the API. */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs a form, as a browser on our own page would (same Origin). */
export function postForm(path: string, fields: Record<string, string>): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

export type DevMailRow = { subject: string; text_body: string; html_body: string };

/**
 * The mail delivered to `email`, oldest first: drains the outbox into the dev mailbox,
 * waiting while the request's own drain (waitUntil) still holds mail to the address.
 */
export async function mailTo(email: string): Promise<DevMailRow[]> {
  for (let i = 0; i < 200; i++) {
    await drainOutbox(env.DB, mailConfig(env), { maxMessages: 100 });
    const pending = await env.DB.prepare(`SELECT 1 AS p FROM outbox WHERE to_addrs = json_array(?1) AND status = 'pending'`).bind(email).first();
    if (!pending) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const { results } = await env.DB.prepare(`SELECT subject, text_body, html_body FROM dev_mailbox WHERE to_addrs = json_array(?1) ORDER BY id`)
    .bind(email)
    .all<DevMailRow>();
  return results;
}

/** The newest signature link mailed to `email`. */
export async function tokenFor(email: string): Promise<string> {
  const mails = await mailTo(email);
  const match = mails.at(-1)?.text_body.match(/\/s\/([A-Za-z0-9_-]{43})/);
  if (!match?.[1]) throw new Error(`no link mailed to ${email}`);
  return match[1];
}

/** A signature row by email. */
export function signatureRow(campaignSlug: string, email: string) {
  return env.DB.prepare(
    `SELECT s.* FROM signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE c.slug = ?1 AND s.email = ?2`,
  )
    .bind(campaignSlug, email)
    .first<Record<string, unknown>>();
}

/** The confirmed count from the counts row. */
export async function countOf(slug: string): Promise<number> {
  const row = await env.DB.prepare('SELECT confirmed FROM campaign_counts WHERE slug = ?1').bind(slug).first<{ confirmed: number }>();
  return row?.confirmed ?? -1;
}

export type SentRow = {
  kind: string;
  idempotency_key: string;
  from_name: string;
  to_addrs: string;
  cc_addrs: string;
  reply_to: string | null;
  throttle_key: string | null;
  next_attempt_at: number;
  subject: string;
  text_body: string;
  html_body: string;
};

/**
 * Outbox rows matching `where` (SQL on outbox `o`, parameters ?1…), with their content as
 * it went out: mail in a supporter's name is rendered by the drainer, so this first drains
 * everything due within two days into the dev mailbox. In key order.
 */
export async function sentMail(where: string, ...params: (string | number)[]): Promise<SentRow[]> {
  await drainOutbox(env.DB, mailConfig(env), { maxMessages: 5000, now: () => Date.now() + 2 * 86_400_000 });
  const { results } = await env.DB.prepare(
    `SELECT o.kind, o.idempotency_key, o.from_name, o.to_addrs, o.cc_addrs, o.reply_to, o.throttle_key, o.next_attempt_at,
       coalesce(d.subject, o.subject) AS subject, coalesce(d.text_body, o.text_body) AS text_body, coalesce(d.html_body, o.html_body) AS html_body
     FROM outbox o LEFT JOIN dev_mailbox d ON d.mail_key = o.idempotency_key
     WHERE ${where} ORDER BY o.created_at, o.idempotency_key`,
  )
    .bind(...params)
    .all<SentRow>();
  return results;
}
