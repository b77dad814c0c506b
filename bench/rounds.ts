/**
 * Routes compared under the same noise: every subject runs in `slices` short slices, all in
 * order, then all in reverse, and so on (A B C C B A A B C …), so a machine that speeds up or
 * slows down over the minutes (other work on shared cores) weighs on each about alike.
 */
import type { Load, LoadOptions } from './load';

/** One load run that yields one or more named results (signing with confirming yields two). */
export type Subject = { name: string; run: (o: LoadOptions) => Promise<Record<string, Load>> };

/** The slices of one route as one: counts summed, rate over the summed time, p50 the mean, p99 the worst slice, CPU per request weighted. */
export function mergeLoads(parts: Load[]): Load {
  const total = (l: Load) => l.ok + l.failed;
  const requests = parts.reduce((n, l) => n + total(l), 0);
  const sum = (f: (l: Load) => number) => parts.reduce((n, l) => n + f(l), 0);
  const weighted = (f: (l: Load) => number) => (requests > 0 ? Math.round((sum((l) => f(l) * total(l)) / requests) * 100) / 100 : 0);
  const seconds = sum((l) => l.seconds);
  const ok = sum((l) => l.ok);
  return {
    rps: seconds > 0 ? Math.round((ok / seconds) * 10) / 10 : 0,
    p50: Math.round((sum((l) => l.p50) / Math.max(1, parts.length)) * 10) / 10,
    p99: Math.max(...parts.map((l) => l.p99)),
    ok,
    failed: sum((l) => l.failed),
    failures: {
      '2xx': sum((l) => l.failures['2xx']), '3xx': sum((l) => l.failures['3xx']), '4xx': sum((l) => l.failures['4xx']),
      '5xx': sum((l) => l.failures['5xx']), errors: sum((l) => l.failures.errors), timeouts: sum((l) => l.failures.timeouts),
    },
    seconds: Math.round(seconds * 10) / 10,
    cpuMs: { app: weighted((l) => l.cpuMs.app), wrangler: weighted((l) => l.cpuMs.wrangler), loadgen: weighted((l) => l.cpuMs.loadgen) },
  };
}

/** Runs the subjects A…Z, Z…A, A…Z … (`slices` passes, 2 unless given), each a slice of `o.seconds`, and merges each result's slices. */
export async function interleaved(subjects: Subject[], o: LoadOptions & { slices?: number }, log: (s: string) => void): Promise<Record<string, Load>> {
  const slices = o.slices ?? 2;
  const slice = { seconds: o.seconds / slices, connections: o.connections };
  const parts = new Map<string, Load[]>();
  for (let pass = 0; pass < slices; pass++) {
    for (const s of pass % 2 === 0 ? subjects : [...subjects].reverse()) {
      let results: Record<string, Load>;
      try {
        results = await s.run(slice);
      } catch (err) {
        throw new Error(`${s.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
      for (const [name, load] of Object.entries(results)) {
        parts.set(name, [...(parts.get(name) ?? []), load]);
        log(`  ${name}: ${load.rps}/s, p99 ${load.p99} ms, ${load.failed} failed, CPU ms/req app ${load.cpuMs.app}`);
      }
    }
  }
  return Object.fromEntries([...parts].map(([name, loads]) => [name, mergeLoads(loads)]));
}
