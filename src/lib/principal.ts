/** Who is asking on an admin route: a signed-in organiser, or a script with a campaign's API token. */
export type Principal =
  | { kind: 'session'; email: string; sessionHash: string; csrf: string }
  | { kind: 'token'; tokenId: number; campaignId: number; lastUsedAt: number | null };
