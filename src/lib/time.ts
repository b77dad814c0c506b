/** One day in milliseconds (timestamps are Unix epoch milliseconds throughout). */
export const DAY_MS = 86_400_000;
