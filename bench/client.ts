/** Requests as a client sends them: each from its own address, so per-IP limits never trip. */
let nextIp = 0;

/** A distinct loopback-range value for `CF-Connecting-IP` per call (a header, never a connection). */
export function clientIp(): string {
  nextIp += 1;
  return `127.${(nextIp >> 16) & 255}.${(nextIp >> 8) & 255}.${nextIp & 255}`;
}

let nextEmail = 0;

/** A signing request body with an address never used before in this run. */
export function signatureBody(tag: string): string {
  nextEmail += 1;
  return JSON.stringify({
    name: `Bench Supporter ${nextEmail}`,
    email: `${tag}-${process.pid}-${nextEmail}@example.org`,
    country: 'GB',
    city: 'London',
    message: 'Solidarity with the striking oil workers.',
    consent: true,
  });
}

export const SLUG = 'zhanaozen-solidarity';
export const SIGN_PATH = `/api/campaigns/${SLUG}/signatures`;
export const COUNT_PATH = `/api/campaigns/${SLUG}/count`;
export const PAGE_PATH = `/c/${SLUG}`;

/** Headers for a form POST to a link: the csrf middleware wants our own origin. */
export function formHeaders(origin: string): Record<string, string> {
  return { origin, 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': clientIp() };
}
