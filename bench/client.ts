/** Requests as a client sends them: each from its own address, so per-IP limits never trip. */
let nextIp = 0;

/** A distinct loopback-range value for `CF-Connecting-IP` per call (a header, never a connection). */
export function clientIp(): string {
  nextIp += 1;
  return `127.${(nextIp >> 16) & 255}.${(nextIp >> 8) & 255}.${nextIp & 255}`;
}

let nextEmail = 0;

/** An address never used before in this run, tagged by what used it. */
export function newEmail(tag: string): string {
  nextEmail += 1;
  return `${tag}-${process.pid}-${nextEmail}@example.org`;
}

/** A signing request body with an address never used before in this run (or `email`), and optionally a target. */
export function signatureBody(tag: string, o: { email?: string; target?: string } = {}): string {
  const email = o.email ?? newEmail(tag);
  return JSON.stringify({
    name: `Bench Supporter ${nextEmail}`,
    email,
    country: 'GB',
    city: 'London',
    message: 'Solidarity with the striking oil workers.',
    consent: true,
    // A required choice (no embassy is ever chosen for a supporter): a target or "none".
    target: o.target ?? 'none',
  });
}

/** The confirmation form as a supporter sends it (the choices are made there), with `target` or none. */
export function confirmBody(target?: string): string {
  return new URLSearchParams({ name: 'Bench Supporter', country: 'GB', city: 'London', message: 'Solidarity with the striking oil workers.', target: target ?? 'none' }).toString();
}

export const SLUG = 'zhanaozen-solidarity';
/** A target of the demo campaign (its first embassy), for signatures that choose one. */
export const TARGET = 'ca-toronto';
export const SIGN_PATH = `/api/campaigns/${SLUG}/signatures`;
export const COUNT_PATH = `/api/campaigns/${SLUG}/count`;
/** The count as the widget asks for it: with the visitor's language, for the labels. */
export const COUNT_LANG_PATH = `${COUNT_PATH}?lang=ru`;
export const PAGE_PATH = `/c/${SLUG}`;

/** Headers for a form POST to a link: the csrf middleware wants our own origin. */
export function formHeaders(origin: string): Record<string, string> {
  return { origin, 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': clientIp() };
}

/** The link token in a mail's text (`…/s/<token>`), or null. */
export function tokenIn(text: string | undefined): string | null {
  return /\/s\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1] ?? null;
}
