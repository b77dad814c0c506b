/**
 * The command line's calls to a Worker's admin API: the token in `Authorization`, JSON in
 * and out, and every answer that is not what the command expects turned into a sentence.
 */
import * as v from 'valibot';
import { CliError } from './cli-error';
import type { Remote } from './where';

/** An answer the command handles itself: its status, JSON body (null when none) and headers. */
export type Answer = { status: number; body: unknown; headers: Headers };

const ErrorBody = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    issues: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
    requestId: v.optional(v.string()),
  }),
});

/** The error an answer carries, as lines a person reads. */
function sentenceOf(answer: Answer): string {
  const parsed = v.safeParse(ErrorBody, answer.body);
  if (!parsed.success) return `HTTP ${answer.status}`;
  const { message, issues = [], requestId } = parsed.output.error;
  const lines = issues.map((i) => `  ${i.field}: ${i.message}`);
  return [message, ...lines, ...(requestId ? [`(request id ${requestId})`] : [])].join('\n');
}

/**
 * Calls `method path` on the Worker. Answers with a status in `expect` (default: 200 and 201)
 * are returned; any other, and a Worker that cannot be reached, throw a `CliError` saying why.
 */
export async function callApi(r: Remote, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; expect?: number[] } = {}): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(`${r.origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${r.token}`, accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new CliError(`Could not reach ${r.origin}: ${cause}. Is the address right, and is the Worker deployed?`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const answer = { status: res.status, body, headers: res.headers };
  if ((options.expect ?? [200, 201]).includes(res.status)) return answer;
  if (res.status === 401) throw new CliError(`${r.origin} did not accept SOLIDARITY_TOKEN: ${sentenceOf(answer)}`);
  if (res.status === 403) throw new CliError(`${r.origin} refused: ${sentenceOf(answer)} (is SOLIDARITY_TOKEN a token of this campaign?)`);
  if (body === null) throw new CliError(`${r.origin}${path} answered HTTP ${res.status} without the admin API's JSON: is --url the Worker's address?`);
  throw new CliError(`${r.origin} answered ${res.status}: ${sentenceOf(answer)}`);
}

/** Parses an answer's body with a schema; a Worker answering something else is said so. */
export function bodyOf<S extends v.GenericSchema>(schema: S, answer: Answer, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, answer.body);
  if (!parsed.success) throw new CliError(`The Worker answered something other than ${what}: is it running this version of Solidarity?`);
  return parsed.output;
}
