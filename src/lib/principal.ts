/**
 * What an API token may do, chosen when it is made: `read` reads and exports; `edit` also
 * edits the campaign's content. Neither changes who organises a campaign nor its tokens.
 */
export type TokenScope = 'read' | 'edit';

/** The scopes, least first (forms and the CLI offer them in this order). */
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'edit'];

/**
 * Who is asking on an admin route: a signed-in organiser, a script with a campaign's API
 * token, or the operator's command line with the deploy's `ADMIN_TOKEN` secret (an admin of
 * every campaign, made to create the first campaign without SQL: see docs/deploying.md).
 */
export type Principal =
  | { kind: 'session'; email: string; sessionHash: string; csrf: string }
  | { kind: 'token'; tokenId: number; campaignId: number; label: string; scope: TokenScope; lastUsedAt: number | null }
  | { kind: 'admin-token' };
