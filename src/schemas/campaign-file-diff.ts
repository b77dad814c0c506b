import type { CampaignFile } from './campaign-file';

/** The campaign file's top-level fields whose content differs (every field when `before` is null). */
export function changedFields(before: CampaignFile | null, after: CampaignFile): string[] {
  const a: Record<string, unknown> = before ?? {};
  const b: Record<string, unknown> = after;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
