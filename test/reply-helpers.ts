import { env } from 'cloudflare:test';
import worker from '../src/index';
import type { InboundMessage } from '../src/email/inbound';

/** A raw MIME message, as a receiving server would hand it on. */
export function mime(headers: Record<string, string>, body: string): string {
  return `${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}

/** What the handler did with one message: the reason it was refused with, if it was. */
export type Delivered = { rejected: string | null };

/**
 * Delivers one message to the Worker's email() handler as Email Routing would, with the
 * receiving side's Authentication-Results on top (all pass unless said otherwise).
 */
export async function deliverReply(to: string, raw: string, options: { from?: string; auth?: string | null; size?: number } = {}): Promise<Delivered> {
  const headers = new Headers();
  const auth = options.auth === undefined ? 'mx.cloudflare.net; dkim=pass header.d=mfa.kz; spf=pass smtp.mailfrom=consul@mfa.kz; dmarc=pass header.from=mfa.kz' : options.auth;
  if (auth) headers.set('authentication-results', auth);
  for (const line of raw.split('\r\n\r\n')[0]!.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const bytes = new TextEncoder().encode(raw);
  let rejected: string | null = null;
  const message: InboundMessage = {
    from: options.from ?? 'consul@mfa.kz',
    to,
    headers,
    raw: new Response(bytes).body!,
    rawSize: options.size ?? bytes.length,
    setReject: (reason: string) => void (rejected = reason),
  };
  await worker.email(message as ForwardableEmailMessage, env, {} as ExecutionContext);
  return { rejected };
}

/** Stored replies of a campaign, oldest first. */
export async function storedReplies(slug: string) {
  const { results } = await env.DB.prepare(
    `SELECT r.*, t.key AS target_key FROM target_replies r JOIN targets t ON t.id = r.target_id
     WHERE r.campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY r.id`,
  )
    .bind(slug)
    .all<Record<string, unknown>>();
  return results;
}
