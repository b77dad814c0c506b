/**
 * A forward carries its outbox key to Resend as a tag, and Resend sends the tags back in
 * every webhook event about it (`data.tags`), so an event finds its message by primary key
 * and no index on the provider's id is written for every sent mail. Only forwards are
 * tagged: they are what the ledger counts and what holds a failing address; events about
 * other mail are acknowledged and ignored. (Resend tags take [A-Za-z0-9_-] only.)
 */
export const OUTBOX_TAG = 'outbox';

// A forward's key (db/signatures.ts): c<campaign>:s<signature>.<created>:campaign|target.
const FORWARD_KEY = /^c\d{1,15}:s\d{1,15}\.\d{1,15}:(campaign|target)$/;
const FORWARD_TAG = /^c\d{1,15}_s\d{1,15}-\d{1,15}_(campaign|target)$/;

// A supporter's copy of an update (db/updates.ts): c<campaign>:u<update>:s<signature>. Its
// events move the update's progress on the dashboard (delivered, bounced).
const UPDATE_KEY = /^c\d{1,15}:u\d{1,15}:s\d{1,15}$/;
const UPDATE_TAG = /^c\d{1,15}_u\d{1,15}_s\d{1,15}$/;

/** The tag value for an outbox key (':' as '_', '.' as '-'), or null for mail that carries none. */
export function tagOfKey(key: string): string | null {
  if (UPDATE_KEY.test(key)) return key.replace(/:/g, '_');
  return FORWARD_KEY.test(key) ? key.replace(/:/g, '_').replace('.', '-') : null;
}

/** The outbox key a tag value stands for, or null when it is not one of ours. */
export function keyOfTag(value: string | undefined): string | null {
  if (value !== undefined && UPDATE_TAG.test(value)) return value.replace(/_/g, ':');
  return value !== undefined && FORWARD_TAG.test(value) ? value.replace(/_/g, ':').replace('-', '.') : null;
}
