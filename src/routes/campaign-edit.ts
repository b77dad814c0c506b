import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError, type Issue } from '../errors';
import { type CampaignFile, checkCampaignFile } from '../schemas/campaign-file';
import { purgePublic } from './public-cache';

/** Slugs that name admin pages, so no campaign may take them. */
const RESERVED = new Set(['new']);

/** A problem per field (the file field's dot path), in the organiser's language where a key. */
export type FileProblems = Record<string, string>;

/**
 * Judges a would-be campaign file with the campaign file's own schema (and its sentences,
 * the CLI's): the file, or the first problem of each field by its path. An edit keeps its slug.
 */
export function judgeFile(c: Context<AppEnv>, input: unknown, fixedSlug?: string): { file: CampaignFile } | { problems: FileProblems } {
  const checked = checkCampaignFile(input);
  if ('problems' in checked) return checked;
  const file = checked.file;
  if (fixedSlug !== undefined && file.slug !== fixedSlug) return { problems: { slug: c.var.i18n.t('error.editor.slugFixed') } };
  if (fixedSlug === undefined && RESERVED.has(file.slug)) return { problems: { slug: c.var.i18n.t('error.editor.slugTaken') } };
  return { file };
}

/** The problems as the JSON API's 422: `{ error: { code, message, issues } }`. */
export function problemsError(problems: FileProblems): AppError {
  const issues: Issue[] = Object.entries(problems).map(([field, problem]) => ({ field, key: 'error.editor.field', vars: { problem } }));
  return new AppError('validation_failed', 'error.fields', issues);
}

/** After a change: the public page, count and embeds of this campaign are built afresh. */
export async function published(c: Context<AppEnv>, slug: string): Promise<void> {
  await purgePublic(c, slug);
}
