import type { Campaign } from '../db/campaigns';
import { enqueueStatement } from '../db/outbox';
import { signaturesByIds } from '../db/signature-reads';
import type { Signature } from '../db/signatures';
import { runBatch } from '../db/statements';
import { enqueueStepStatements } from '../db/update-enqueue';
import { createUpdateStatements, type UpdateText, unsubscribeStatements, updateIdByDraft } from '../db/updates';
import { updateTestMail } from '../email/update-mail';
import { AppError, type Issue } from '../errors';
import { isLocale, LOCALES } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { isUnsubscribeToken, unsubscribeTokenId } from '../lib/unsubscribe-token';
import type { UpdateInput } from '../schemas/update';

/** An update before it is sent: the campaign's own language, and translations by language. */
export type Draft = { text: UpdateText; translations: Record<string, UpdateText> };

/** The API's input as a draft; a translation into the campaign's own language is refused (422). */
export function draftFromInput(campaign: Campaign, input: UpdateInput): Draft {
  const own = Object.keys(input.translations).filter((l) => l === campaign.locale);
  if (own.length > 0) throw new AppError('validation_failed', 'error.fields', own.map((l) => ({ field: `translations.${l}`, key: 'error.update.language' })));
  return { text: { subject: input.subject, body: input.body }, translations: input.translations };
}

/**
 * The dashboard form's fields as a draft: a translation is its language's two fields, both
 * filled in or both empty (else a message on the empty one); the campaign's own language has none.
 */
export function draftFromForm(campaign: Campaign, form: Record<string, unknown>): { draft: Draft; issues: Issue[] } {
  const str = (k: string) => (typeof form[k] === 'string' ? form[k] : '');
  const issues: Issue[] = [];
  const translations: Record<string, UpdateText> = {};
  for (const l of LOCALES.filter((x) => x !== campaign.locale)) {
    const subject = str(`subject_${l}`);
    const body = str(`body_${l}`);
    if (subject && body) translations[l] = { subject, body };
    else if (subject || body) issues.push({ field: subject ? `body_${l}` : `subject_${l}`, key: 'error.update.translation' });
  }
  return { draft: { text: { subject: str('subject'), body: str('body') }, translations }, issues };
}

/**
 * Stores an update with its audit entry (one batch), then takes the first step of its
 * audience into the outbox; the cron takes the rest, a step a minute. With a `draftKey` that
 * made an update already (Send pressed twice, a request retried), nothing more is sent.
 */
export async function createUpdate(
  db: D1Database, campaign: Campaign, draft: Draft, actor: string, now: number, draftKey: string | null = null, targetId: number | null = null,
): Promise<{ id: number; created: boolean }> {
  const languages = [campaign.locale, ...Object.keys(draft.translations)];
  const [created] = await runBatch(db, createUpdateStatements(campaign.id, draft.text, draft.translations, languages, actor, draftKey, now, targetId));
  const row = created?.results[0];
  const id = row && typeof row === 'object' && 'id' in row ? Number(row.id) : null;
  if (id === null) {
    const existing = draftKey === null ? null : await updateIdByDraft(db, campaign.id, draftKey);
    if (existing === null) throw new Error('updates: the new update has no id');
    return { id: existing, created: false };
  }
  // Its own first step (whatever other updates the cron is going through).
  await runBatch(db, enqueueStepStatements(id, now));
  return { id, created: true };
}

/** A test of each language written, to the signed-in organiser only (written whole: a draft is not stored). */
export async function sendTests(db: D1Database, campaign: Campaign, draft: Draft, email: string, now: number): Promise<void> {
  const texts = [[parseLang(campaign.locale) ?? 'en', draft.text] as const, ...Object.entries(draft.translations).flatMap(([l, t]) => (isLocale(l) ? [[l, t] as const] : []))];
  const statements = await Promise.all(
    texts.map(async ([lang, text], i) => {
      const mail = await updateTestMail(text, campaign, lang);
      const key = `c${campaign.id}:test:${String(now).padStart(15, '0')}.${i}.${crypto.randomUUID().slice(0, 8)}`;
      return enqueueStatement({ kind: 'update-test', campaignId: campaign.id, idempotencyKey: key, fromName: campaign.senderName, to: [email], ...mail }, now);
    }),
  );
  await runBatch(db, statements);
}

const badLink = () => new AppError('not_found', 'error.unsubscribe.link');

/** The signature an unsubscribe token stands for; a malformed, unknown or forged token is the same 404. */
export async function findByUnsubscribeToken(db: D1Database, secret: string, token: string): Promise<Signature> {
  const id = unsubscribeTokenId(token);
  const sig = id === null ? undefined : (await signaturesByIds(db, [id])).get(id);
  if (!sig || !(await isUnsubscribeToken(secret, token, sig.id, sig.tokenNonce))) throw badLink();
  return sig;
}

/** Unsubscribes the token's supporter from their campaign's updates (once; again changes nothing). */
export async function unsubscribe(db: D1Database, secret: string, token: string): Promise<Signature> {
  const sig = await findByUnsubscribeToken(db, secret, token);
  await runBatch(db, unsubscribeStatements(sig.id, Date.now()));
  return sig;
}
