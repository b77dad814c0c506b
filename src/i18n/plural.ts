/** A message with plural forms, chosen by `Intl.PluralRules` for `{count}`. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
