import PostalMime from 'postal-mime';
import { campaignOfTarget, storeReply } from '../db/replies';
import { looksAutomatic, verdictsOf } from '../lib/mail-verdicts';
import { htmlToText } from '../lib/html-text';
import { replyTargetOf } from '../lib/reply-address';

/** Largest reply taken, in bytes of raw MIME: an embassy's letter, not its attachments. */
export const MAX_REPLY_BYTES = 1_000_000;
/** Characters of a reply's text kept (the rest is cut, with a note saying so). */
const MAX_TEXT = 100_000;

/** The parts of Cloudflare's ForwardableEmailMessage the handler uses (tests pass their own). */
export type InboundMessage = {
  readonly from: string;
  readonly to: string;
  readonly headers: Headers;
  readonly raw: ReadableStream<Uint8Array>;
  readonly rawSize: number;
  setReject(reason: string): void;
};

/** What became of one inbound message: stored (or a repeat), or refused with its SMTP reason. */
export type InboundOutcome = { stored: boolean; reason: string | null; campaignId?: number; targetId?: number };

function refuse(message: InboundMessage, reason: string): InboundOutcome {
  message.setReject(reason);
  return { stored: false, reason };
}

/**
 * Takes a reply to a campaign's per-target address: checks size and the address's MAC
 * before reading anything else, refuses what a receiving server says is forged (DMARC
 * fail, or SPF fail without a passing DKIM), parses the MIME with postal-mime and stores
 * text only. A refusal is an SMTP rejection with its reason: the sender's server tells
 * them; nothing is stored.
 */
export async function receiveReply(db: D1Database, secret: string, message: InboundMessage, now: number): Promise<InboundOutcome> {
  if (message.rawSize > MAX_REPLY_BYTES) return refuse(message, `Message too large: replies to this address are limited to ${MAX_REPLY_BYTES / 1_000_000} MB`);
  const targetId = await replyTargetOf(secret, message.to);
  const campaignId = targetId === null ? null : await campaignOfTarget(db, targetId);
  if (targetId === null || campaignId === null) return refuse(message, 'Unknown recipient: this address does not take mail');
  const verdicts = verdictsOf(message.headers.get('authentication-results'));
  if (verdicts.dmarc === 'fail' || (verdicts.spf === 'fail' && verdicts.dkim !== 'pass')) {
    return refuse(message, 'Message refused: the sender\'s domain does not vouch for it (SPF/DKIM/DMARC)');
  }
  const email = await PostalMime.parse(message.raw, { maxNestingDepth: 20, maxHeadersSize: 64_000 });
  const subject = (email.subject ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 1000);
  const body = (email.text ?? (email.html ? htmlToText(email.html) : '')).replace(/\r\n?/g, '\n').trim();
  const text = body.length > MAX_TEXT ? `${body.slice(0, MAX_TEXT - 40)}\n\n[… cut: the reply was longer]` : body;
  const dated = email.date ? Date.parse(email.date) : NaN;
  const from = email.from && 'address' in email.from && email.from.address ? `${email.from.name ? `${email.from.name} ` : ''}<${email.from.address}>` : '';
  const stored = await storeReply(db, {
    campaignId,
    targetId,
    receivedAt: now,
    envelopeFrom: message.from.slice(0, 320),
    fromHeader: from.slice(0, 400),
    datedAt: Number.isFinite(dated) ? dated : null,
    messageId: email.messageId?.slice(0, 400) || null,
    subject,
    text,
    ...verdicts,
    automatic: looksAutomatic((name) => message.headers.get(name), subject),
  });
  return { stored, reason: null, campaignId, targetId };
}
