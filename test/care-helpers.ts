import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { runCron } from '../src/email/cron';
import worker from './limits/worker';
import { fakeConfig, fakeEnv, fakeStats } from './delivery-helpers';
import type { Delivered } from './fake-resend/server';
import { ORIGIN } from './helpers';

export const HOUR = 3_600_000;

/** A request to the worker with Resend pointed at the fake (key `key`), after its waitUntil work (the drain) is done. */
export async function call(key: string, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), fakeEnv(key), ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Signs through the JSON API. */
export function signJson(key: string, slug: string, body: Record<string, unknown>): Promise<Response> {
  return call(key, `/api/campaigns/${slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** POSTs a form from our own page. */
export function postFormTo(key: string, path: string, fields: Record<string, string> = {}): Promise<Response> {
  return call(key, path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams(fields).toString(),
  });
}

/** What the fake delivered to `email` for this key, in order. */
export async function mailsTo(key: string, email: string): Promise<Delivered[]> {
  return (await fakeStats(key)).delivered.filter((d) => d.to.includes(email));
}

/** The signature link in a mail's text. */
export function linkIn(mail: Delivered | undefined): string {
  const token = mail?.text?.match(/\/s\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error('no signature link in the mail');
  return token;
}

/** One every-minute cron run at `at`, sending through the fake. */
export function cronAt(key: string, at: number) {
  return runCron(env.DB, fakeConfig(key), at);
}
