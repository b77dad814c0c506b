/** A target's name in `locale` (campaign file `targets[].names`), else its name in the campaign's language. */
export function targetName(target: { name: string; names: Record<string, string> }, locale: string): string {
  return target.names[locale] ?? target.name;
}
