/** Gmail: dots in the local part mean nothing and `+tag` is dropped (googlemail.com is Gmail). */
const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * Providers that document plus addressing (`name+tag@` reaches `name@`) and nothing more:
 * Microsoft's consumer mail, iCloud, Fastmail, Proton and Yandex. Everywhere else `+` may
 * be part of a different mailbox's name, so a `+tag` spelling is its own inbox.
 */
const PLUS_ADDRESSING = new Set([
  'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com',
  'fastmail.com', 'fastmail.fm',
  'proton.me', 'protonmail.com', 'pm.me',
  'yandex.ru', 'yandex.com', 'ya.ru',
]);

/** The domains whose addresses fold (the migration that refolded stored inboxes lists the same). */
export const FOLDING_DOMAINS: readonly string[] = [...GMAIL, ...PLUS_ADDRESSING];

/**
 * The inbox an address delivers to, as one string: lower-case; `+tag` dropped only where
 * the provider is known to drop it, and for Gmail the dots too. Any other address is its
 * own inbox: folding where a provider does not would let a stranger's `dave+x@` spend
 * `dave@`'s mail cap or stand in for them. It decides who is "the same person" (one
 * signature per inbox and campaign), caps link mail per inbox and keys suppression; mail
 * goes to the address as stored.
 */
export function canonicalInbox(address: string): string {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (!GMAIL.has(domain) && !PLUS_ADDRESSING.has(domain)) return email;
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local || email.slice(0, at)}@${domain}`;
}
