import { vValidator } from '@hono/valibot-validator';
import type { Context, Next } from 'hono';
import * as v from 'valibot';
import { AppError, type Issue } from '../errors';
import { isMessageKey } from '../i18n/index';

/**
 * The first problem for each field, in the order valibot found them. Schemas carry message
 * keys (translated when answered); a length limit's number comes along as `{max}`.
 */
export function fieldIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  const seen = new Map<string, Issue>();
  for (const issue of issues) {
    const field = v.getDotPath(issue) ?? '(body)';
    if (seen.has(field)) continue;
    const key = isMessageKey(issue.message) ? issue.message : 'error.invalid';
    seen.set(field, { field, key, ...(typeof issue.requirement === 'number' ? { vars: { max: issue.requirement } } : {}) });
  }
  return [...seen.values()];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Refuses a body that is not JSON (415) or not valid UTF-8 (400), before anything parses it. */
export async function requireJson(c: Context, next: Next): Promise<void> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', 'error.json');
  try {
    utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new AppError('bad_request', 'error.utf8');
  }
  await next();
}

/** Validates a JSON body; a failure is a 422 `{ error: { code, message, issues } }`. */
export function jsonBody<S extends v.GenericSchema>(schema: S) {
  return vValidator('json', schema, (result) => {
    if (!result.success) {
      throw new AppError('validation_failed', 'error.fields', fieldIssues(result.issues));
    }
  });
}
