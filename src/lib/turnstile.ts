/** Cloudflare's siteverify endpoint; TURNSTILE_VERIFY_URL overrides it (tests use a fake). */
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** The Turnstile site key when the challenge is on (both key and secret set). */
export function turnstileSiteKey(env: { TURNSTILE_SITEKEY?: string; TURNSTILE_SECRET?: string }): string | undefined {
  return env.TURNSTILE_SITEKEY && env.TURNSTILE_SECRET ? env.TURNSTILE_SITEKEY : undefined;
}

export type TurnstileResult = { ok: true } | { ok: false; reason: 'missing' | 'rejected' | 'unavailable' };

/**
 * Verifies a Turnstile token server-side. An unreachable verifier fails closed: during
 * an outage a bot must not get through, and the supporter is told to try again.
 */
export async function verifyTurnstile(
  secret: string,
  token: string,
  ip: string | undefined,
  url: string = TURNSTILE_VERIFY_URL,
): Promise<TurnstileResult> {
  if (!token) return { ok: false, reason: 'missing' };
  const body = new FormData();
  body.set('secret', secret);
  body.set('response', token);
  if (ip) body.set('remoteip', ip);
  try {
    const res = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return { ok: false, reason: 'unavailable' };
    const data: unknown = await res.json();
    const success = typeof data === 'object' && data !== null && 'success' in data && data.success === true;
    return success ? { ok: true } : { ok: false, reason: 'rejected' };
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}
