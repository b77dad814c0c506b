/** The two run sizes: `--quick` for development (about two minutes), the full run (about ten). */
export type BenchConfig = {
  quick: boolean;
  /** Stored signatures for the cost comparison: small and large. */
  sizes: [number, number];
  /** Rows for the export, each size in a fresh process (one size only in --quick). */
  exportSizes: number[];
  /** Seconds of load on the count and /health at the large size (only to show the count stays as fast). */
  largeLoadSeconds: number;
  /**
   * Seconds per route, run as `slices` slices (in order, then in reverse, and so on), and
   * connections, the same for app and floor.
   */
  load: { seconds: number; connections: number; slices: number };
  /** Seconds per step of the middleware ladder (as many slices). */
  ladderSeconds: number;
  /** Pending signatures seeded for the confirming runs of the app and of the floor (more than the runs can use). */
  confirmTokens: number;
  /** Sign + confirm pairs timed one after another for D1's own time per signature. */
  d1Samples: number;
  drainMessages: number;
  /** The surge: its length, the connection counts tried on /health to find where it saturates, seconds per try. */
  surge: { seconds: number; probe: number[]; probeSeconds: number };
  /** A phase still running past its limit is stopped and reported as failed; the others still run. */
  phaseLimitMs: number;
};

export function configFor(argv: string[]): BenchConfig {
  const quick = argv.includes('--quick');
  return quick
    ? {
        quick, sizes: [1_000, 10_000], exportSizes: [20_000], largeLoadSeconds: 1, load: { seconds: 1, connections: 10, slices: 2 }, ladderSeconds: 1,
        confirmTokens: 3_000, d1Samples: 10, drainMessages: 500, surge: { seconds: 6, probe: [1, 4, 16], probeSeconds: 0.5 }, phaseLimitMs: 120_000,
      }
    : {
        quick, sizes: [1_000, 100_000], exportSizes: [100_000, 1_000_000], largeLoadSeconds: 4, load: { seconds: 12, connections: 10, slices: 6 }, ladderSeconds: 6,
        confirmTokens: 25_000, d1Samples: 60, drainMessages: 5_000, surge: { seconds: 60, probe: [1, 2, 4, 8, 16, 32, 64], probeSeconds: 1 }, phaseLimitMs: 420_000,
      };
}

/** Ports assigned to this bench: the app's and the floor's wrangler dev and inspectors, and the fake Resend. */
export const PORTS = { app: 8797, inspector: 9297, floor: 8798, floorInspector: 9298, fakeResend: 8890 };
