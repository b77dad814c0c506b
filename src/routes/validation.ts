import { vValidator } from '@hono/valibot-validator';
import type { Context, Next } from 'hono';
import * as v from 'valibot';
import { AppError, type FieldIssue } from '../errors';

/** The first message for each field, in the order valibot found them. */
export function fieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const field = v.getDotPath(issue) ?? '(body)';
    if (!seen.has(field)) seen.set(field, issue.message);
  }
  return [...seen].map(([field, message]) => ({ field, message }));
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Refuses a body that is not JSON (415) or not valid UTF-8 (400), before anything parses it. */
export async function requireJson(c: Context, next: Next): Promise<void> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', 'Send the body as application/json.');
  try {
    utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new AppError('bad_request', 'The body is not valid UTF-8.');
  }
  await next();
}

/** Validates a JSON body; a failure is a 422 `{ error: { code, message, issues } }`. */
export function jsonBody<S extends v.GenericSchema>(schema: S) {
  return vValidator('json', schema, (result) => {
    if (!result.success) {
      throw new AppError('validation_failed', 'Some fields are not valid.', fieldIssues(result.issues));
    }
  });
}
