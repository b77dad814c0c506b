/**
 * How long a public answer (the campaign page, the count, the wall, the embeds) is fresh once
 * built, in the Cache API and in each isolate's own memory; the dashboard's workers.dev
 * notice quotes it. See src/routes/public-cache.ts.
 */
export const PUBLIC_FRESH_MS = 5_000;

/** How long after that the campaign page may still be served while one request builds the next. */
export const PAGE_STALE_MS = 30_000;
