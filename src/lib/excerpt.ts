/** Where an organiser left words out of a reply: an ellipsis, alone or in brackets. */
const GAP = /\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*/;

const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Whether `excerpt` is the reply's own words: the whole text, or parts of it in order,
 * joined by an ellipsis ("…", "...", "[…]"). White space may differ; no word may be
 * added or changed, so what is published as the embassy's answer is what it wrote.
 */
export function isExcerptOf(excerpt: string, original: string): boolean {
  const text = fold(original);
  let from = 0;
  const parts = excerpt.split(GAP).map(fold).filter((p) => p.length > 0);
  if (parts.length === 0) return false;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}
