import { vValidator } from '@hono/valibot-validator';
import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { AppError, type Issue } from '../errors';
import { isMessageKey, type MessageKey } from '../i18n/index';

/**
 * The one way a route refuses input. Every body, form and query string is read here, through
 * a valibot schema (`@hono/valibot-validator`), and refused in one of three shapes:
 * - `jsonBody`: 415 not JSON, 400 unreadable, 422 `{ error: { code, message, issues } }`;
 * - `formBody`: 422 and the route's own page again, with the input and a message per field;
 * - `query` / `param`: 422 through the error handler (JSON under /api, an error page elsewhere).
 * Each takes the route's path as `P`, inferred where it is used, so handlers keep typed params.
 */

type Schema = v.GenericSchema | v.GenericSchemaAsync;
type Result = { success: boolean; issues?: readonly v.BaseIssue<unknown>[] };

/*
 * The first problem for each field, in the order valibot found them. Schemas carry message
 * keys (translated when answered); a length limit's number comes along as `{max}`.
 */
function fieldIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
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

// Before anything parses the body: JSON only (415), and valid UTF-8 (400), which
// `c.req.json()` would otherwise silently repair into U+FFFD.
async function assertJson(c: Context): Promise<void> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', 'error.json');
  try {
    utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new AppError('bad_request', 'error.utf8');
  }
}

/** A JSON body: 415 when it is not JSON, 400 when unreadable, 422 with every bad field named. */
export function jsonBody<S extends Schema, P extends string = string>(schema: S) {
  // Typed as able to answer (it only throws) so that the wrapper below has the same type.
  const refuse = async (result: Result, _c: Context<AppEnv, P>): Promise<Response | void> => {
    if (!result.success) throw new AppError('validation_failed', 'error.fields', fieldIssues(result.issues ?? []));
  };
  const validate = vValidator('json', schema, refuse);
  const middleware: typeof validate = async (c, next) => {
    await assertJson(c);
    return validate(c, next);
  };
  return middleware;
}

/** What a refused form is shown again with: the fields as typed, and a message per field. */
export type RefusedForm = { values: Record<string, string>; errors: Record<string, string> };

/** Renders the route's own page again for a refused form; the status is already 422. */
export type OnInvalidForm = (c: Context<AppEnv>, form: RefusedForm) => Response | Promise<Response>;

/**
 * The form fields as typed, each as a string (the last of a repeated field, '' for a file):
 * what a refused form is filled in with, never what is stored.
 */
export async function formValues(c: Context): Promise<Record<string, string>> {
  const raw = await c.req.parseBody();
  return Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, typeof x === 'string' ? x : '']));
}

/**
 * Refuses a form with these problems: 422 (or `status`) and the page again, from
 * `onInvalid`, filled in with `values` (the body's fields unless given). A problem of the
 * whole form, not of one field, is on the field `(form)`.
 */
export async function refuseForm(
  c: Context<AppEnv>,
  issues: readonly Issue[],
  onInvalid: OnInvalidForm,
  { values, status = 422 }: { values?: Record<string, string>; status?: 422 | 429 } = {},
): Promise<Response> {
  const { t } = c.var.i18n;
  const errors = Object.fromEntries(issues.map((i) => [i.field, t(i.key, i.vars)]));
  const shown = values ?? (await formValues(c));
  c.status(status);
  return onInvalid(c, { values: shown, errors });
}

/**
 * A form body (urlencoded or multipart), refused with 422: the page from `onInvalid`, or, for
 * a form with nothing to show again (buttons with hidden fields), an error page whose message
 * is the key `onInvalid` names.
 */
export function formBody<S extends Schema, P extends string = string>(schema: S, onInvalid: OnInvalidForm | MessageKey) {
  return vValidator('form', schema, async (result: Result, c: Context<AppEnv, P>) => {
    if (result.success) return;
    if (typeof onInvalid === 'string') return refuseWith<P>(onInvalid)(result, c);
    return refuseForm(c, fieldIssues(result.issues ?? []), onInvalid);
  });
}

// Query strings and path parameters have no form to show again: the error handler answers,
// JSON under /api and a page elsewhere. `{details}` names every problem for the page.
function refuseWith<P extends string>(key: MessageKey) {
  return (result: Result, c: Context<AppEnv, P>) => {
    if (result.success) return;
    const issues = fieldIssues(result.issues ?? []);
    const details = issues.map((i) => c.var.i18n.t(i.key, i.vars)).join('; ');
    throw new AppError('validation_failed', key, issues, undefined, { details });
  };
}

/** A query string: 422 naming each bad parameter (`key` is the message; it may show `{details}`). */
export function query<S extends Schema, P extends string = string>(schema: S, key: MessageKey = 'error.query') {
  return vValidator('query', schema, refuseWith<P>(key));
}

/**
 * A form sent with GET (a filter that changes nothing), refused as a form body is: 422 and
 * the page from `onInvalid`, filled in with the query as typed.
 */
export function queryForm<S extends Schema, P extends string = string>(schema: S, onInvalid: OnInvalidForm) {
  return vValidator('query', schema, async (result: Result, c: Context<AppEnv, P>) => {
    if (result.success) return;
    return refuseForm(c, fieldIssues(result.issues ?? []), onInvalid, { values: c.req.query() });
  });
}

/** The path's parameters, refused as a query string is (`key` is the message). */
export function param<S extends Schema, P extends string = string>(schema: S, key: MessageKey) {
  return vValidator('param', schema, refuseWith<P>(key));
}
