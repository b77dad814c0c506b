/**
 * Who is asking on an admin route: a signed-in organiser, a script with a campaign's API
 * token, or the operator's command line with the deploy's `ADMIN_TOKEN` secret (an admin of
 * every campaign, made to create the first campaign without SQL: see docs/deploying.md).
 */
export type Principal =
  | { kind: 'session'; email: string; sessionHash: string; csrf: string }
  | { kind: 'token'; tokenId: number; campaignId: number; lastUsedAt: number | null }
  | { kind: 'admin-token' };
