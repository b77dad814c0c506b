import { notMeStatements } from '../db/not-me';
import { getSignature } from '../db/signature-reads';
import type { Signature } from '../db/signatures';
import { runBatch } from '../db/statements';
import { AppError } from '../errors';
import { canonicalInbox } from '../lib/inbox';
import { readLinkToken } from '../lib/link-token';
import { suppressionHash } from '../lib/suppression';

/**
 * "This wasn't me", from the link in a confirmation or reminder: while the signature is
 * pending (its link expired or not), erase it and suppress the campaign's mail to its inbox,
 * in one batch that checks again that it is still pending. Returns the signature as it was
 * read and whether it was erased (not when it is confirmed, withdrawn or spam, or was
 * confirmed a moment ago); a link that is not one of ours is an error.
 */
export async function notMe(db: D1Database, token: string, secret: string, now = Date.now()): Promise<{ sig: Signature; erased: boolean }> {
  const link = await readLinkToken(token);
  const sig = link && (await getSignature(db, link.id, link.hash));
  if (!link || !sig) throw new AppError('not_found', 'error.badLink');
  if (sig.status !== 'pending' || sig.email === null) return { sig, erased: false };
  // The inbox as signing computes it now, so a later signing with it finds the suppression.
  const hash = await suppressionHash(secret, canonicalInbox(sig.email));
  const results = await runBatch(db, notMeStatements(sig.id, link.hash, hash, now));
  return { sig, erased: (results.at(-1)?.meta.changes ?? 0) > 0 };
}
