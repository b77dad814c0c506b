/** The two run sizes: `--quick` for development (under a minute), the full run (under ten). */
export type BenchConfig = {
  quick: boolean;
  /** Stored signatures for the cost comparison: small and large. */
  sizes: [number, number];
  /** Rows for the export, each size in a fresh process (one size only in --quick). */
  exportSizes: number[];
  /** Seconds of load on the count and baseline at the large size (only to show the count stays as fast). */
  largeLoadSeconds: number;
  load: { seconds: number; connections: number };
  /** Pending signatures seeded for each confirming run (more than the run can use). */
  confirmTokens: number;
  drainMessages: number;
  /** The whole run is stopped past this, whatever it is doing. */
  deadlineMs: number;
};

export function configFor(argv: string[]): BenchConfig {
  const quick = argv.includes('--quick');
  return quick
    ? { quick, sizes: [1_000, 10_000], exportSizes: [20_000], largeLoadSeconds: 1, load: { seconds: 1, connections: 10 }, confirmTokens: 1_500, drainMessages: 500, deadlineMs: 90_000 }
    : { quick, sizes: [1_000, 100_000], exportSizes: [100_000, 1_000_000], largeLoadSeconds: 5, load: { seconds: 10, connections: 10 }, confirmTokens: 8_000, drainMessages: 5_000, deadlineMs: 590_000 };
}

/** Ports assigned to this bench: wrangler dev and its inspector, and the fake servers. */
export const PORTS = { app: 8797, inspector: 9297, fakeResend: 8890 };
