/** Asking a local server whether it answers, over http or https (whose local certificate is self-signed). */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

/** The status of a GET, or null when nothing answers within ten seconds. */
export function statusOf(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { timeout: 10_000, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** True when `url` answers 200. */
export async function answers(url: string): Promise<boolean> {
  return (await statusOf(url)) === 200;
}

/** Polls `url` until it answers 200 (true), `gaveUp()` says stop, or three minutes pass (false). */
export async function waitUntilServing(url: string, gaveUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && !gaveUp()) {
    if (await answers(url)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
