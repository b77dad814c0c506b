import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError, type Issue } from '../errors';
import { type CampaignFile, checkCampaignFile } from '../schemas/campaign-file';
import type { MessageKey } from '../i18n/index';
import type { I18n } from '../i18n/lang';
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

// A target row's problems in plain words: the schema's sentences name codes and paths.
const TARGET_PROBLEMS: Record<string, MessageKey> = { country: 'error.target.country', name: 'error.target.name', email: 'error.target.email', id: 'error.target.id' };

/** The editor's problems with each target row's in the organiser's words and language. */
export function plainProblems(problems: FileProblems, i18n: I18n): FileProblems {
  return Object.fromEntries(
    Object.entries(problems).map(([field, problem]) => {
      const key = TARGET_PROBLEMS[/^targets\.\d+\.(\w+)$/.exec(field)?.[1] ?? ''];
      return [field, key ? i18n.t(key) : problem];
    }),
  );
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
