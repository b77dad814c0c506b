/** Providers that deliver `a.b.c@` to `abc@`: dots in the local part mean nothing there. */
const DOTLESS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The inbox an address delivers to, as one string: lower-case, `+tag` dropped, and for
 * Gmail the dots dropped too (googlemail.com is Gmail). It decides who is "the same
 * person" (one signature per inbox and campaign), caps link mail per inbox and keys
 * suppression; mail still goes to the address as typed.
 */
export function canonicalInbox(address: string): string {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local || email.slice(0, at)}@${domain}`;
}
