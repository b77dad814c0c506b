/** An email as it travels on the wire to Resend (snake_case fields). */
export type WireEmail = {
  from: string;
  to: string[];
  cc?: string[];
  reply_to?: string[];
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
};

// Resend's rule for tag names and values: ASCII letters, digits, '_' and '-', at most 256.
const TAG = /^[A-Za-z0-9_-]{1,256}$/;

function isTagList(value: unknown): value is { name: string; value: string }[] {
  return Array.isArray(value) && value.every((t: unknown) => typeof t === 'object' && t !== null && 'name' in t && 'value' in t
    && typeof t.name === 'string' && typeof t.value === 'string' && TAG.test(t.name) && TAG.test(t.value));
}

const ADDRESS = /^[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+$/;
const FROM = /^(?:[^<>\r\n]*<[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+>|[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+)$/;

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** Checks one email the way Resend does (the parts we use); a message names the first problem. */
export function validateEmail(input: unknown, index: number, rejectRecipient?: string): { ok: true; email: WireEmail } | { ok: false; message: string } {
  const at = `emails[${index}]`;
  if (typeof input !== 'object' || input === null) return { ok: false, message: `${at} must be an object` };
  const e: Record<string, unknown> = { ...input };
  if (typeof e.from !== 'string' || !FROM.test(e.from)) return { ok: false, message: `${at}.from: Invalid \`from\` field.` };
  const to = typeof e.to === 'string' ? [e.to] : e.to;
  if (!isStringList(to) || to.length === 0 || to.length > 50) return { ok: false, message: `${at}.to: 1 to 50 addresses` };
  const cc = e.cc === undefined ? undefined : typeof e.cc === 'string' ? [e.cc] : e.cc;
  if (cc !== undefined && !isStringList(cc)) return { ok: false, message: `${at}.cc must be addresses` };
  for (const address of [...to, ...(cc ?? [])]) {
    if (!ADDRESS.test(address)) return { ok: false, message: `${at}: Invalid \`to\` field: ${address}` };
    if (rejectRecipient && address.includes(rejectRecipient)) return { ok: false, message: `${at}: ${address} is not allowed (injected)` };
  }
  // Resend takes one address or a list of them.
  const replyTo = e.reply_to === undefined ? undefined : typeof e.reply_to === 'string' ? [e.reply_to] : e.reply_to;
  if (replyTo !== undefined && (!isStringList(replyTo) || replyTo.length === 0 || !replyTo.every((a) => ADDRESS.test(a)))) return { ok: false, message: `${at}.reply_to is invalid` };
  if (typeof e.subject !== 'string' || e.subject.length === 0 || /[\r\n]/.test(e.subject)) return { ok: false, message: `${at}.subject is missing or has a line break` };
  if (typeof e.text !== 'string' && typeof e.html !== 'string') return { ok: false, message: `${at}: text or html is required` };
  if (e.headers !== undefined && !isStringRecord(e.headers)) return { ok: false, message: `${at}.headers must be strings` };
  if (e.tags !== undefined && !isTagList(e.tags)) return { ok: false, message: `${at}.tags: names and values of ASCII letters, numbers, _ or -` };
  return {
    ok: true,
    email: {
      from: e.from,
      to,
      ...(cc ? { cc } : {}),
      ...(replyTo ? { reply_to: replyTo } : {}),
      subject: e.subject,
      ...(typeof e.text === 'string' ? { text: e.text } : {}),
      ...(typeof e.html === 'string' ? { html: e.html } : {}),
      ...(e.headers !== undefined && isStringRecord(e.headers) ? { headers: e.headers } : {}),
      ...(e.tags !== undefined && isTagList(e.tags) ? { tags: e.tags } : {}),
    },
  };
}
