import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Bindings } from '../env';
import { isLoopback } from '../lib/origin';

/**
 * What D1 work cost, summed from each result's `meta`: statements run (`queries`), calls
 * that went to the database (`roundTrips`: each `run`/`all`/`first`/`raw`/`exec`, and a
 * whole `batch()` as one), and the time and rows D1 reports (what Cloudflare bills).
 */
export type D1Totals = { queries: number; roundTrips: number; durationMs: number; rowsRead: number; rowsWritten: number };

/** Zeroed totals. */
export function emptyTotals(): D1Totals {
  return { queries: 0, roundTrips: 0, durationMs: 0, rowsRead: 0, rowsWritten: 0 };
}

/**
 * Everything this isolate sent to D1 while DEBUG_METRICS was on, including work after the
 * response (the outbox drain under `waitUntil`) and cron runs: a reader diffs two readings.
 */
const isolate: D1Totals = emptyTotals();

/** A request's totals once its Server-Timing is written: later work (the drain after it) is not its own. */
const sealed = new WeakSet<D1Totals>();

function addMeta(sinks: D1Totals[], meta: D1Meta | undefined): void {
  for (const t of sinks) {
    if (sealed.has(t)) continue;
    t.queries += 1;
    t.durationMs += meta?.duration ?? 0;
    t.rowsRead += meta?.rows_read ?? 0;
    t.rowsWritten += meta?.rows_written ?? 0;
  }
}

// Counted when the answer is back, like the rows: a call belongs to whoever was waiting
// when it completed, so a drain started at the end of a request is not the request's.
function addRoundTrip(sinks: D1Totals[]): void {
  for (const t of sinks) if (!sealed.has(t)) t.roundTrips += 1;
}

const inner = new WeakMap<object, D1PreparedStatement>();

function wrapStatement(stmt: D1PreparedStatement, sinks: D1Totals[]): D1PreparedStatement {
  const wrapped = {
    bind: (...values: unknown[]) => wrapStatement(stmt.bind(...values), sinks),
    async all<T>() {
      const result = await stmt.all<T>();
      addRoundTrip(sinks);
      addMeta(sinks, result.meta);
      return result;
    },
    async run<T>() {
      const result = await stmt.run<T>();
      addRoundTrip(sinks);
      addMeta(sinks, result.meta);
      return result;
    },
    // `first()` returns no meta, so it is answered through `all()` while measuring.
    async first<T>(column?: string) {
      const result = await stmt.all<Record<string, unknown>>();
      addRoundTrip(sinks);
      addMeta(sinks, result.meta);
      const row = result.results[0];
      if (!row) return null;
      return (column === undefined ? row : row[column] ?? null) as T;
    },
    // `raw()` returns no meta either: it counts as a round trip and a query, rows unknown.
    async raw(options?: { columnNames?: boolean }) {
      const rows = options?.columnNames ? await stmt.raw({ columnNames: true }) : await stmt.raw();
      addRoundTrip(sinks);
      addMeta(sinks, undefined);
      return rows;
    },
  } as unknown as D1PreparedStatement;
  inner.set(wrapped, stmt);
  return wrapped;
}

/** A D1Database that adds every call's cost to each of `sinks`. */
export function instrumentD1(db: D1Database, ...sinks: D1Totals[]): D1Database {
  return {
    prepare: (sql: string) => wrapStatement(db.prepare(sql), sinks),
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await db.batch<T>(statements.map((s) => inner.get(s) ?? s));
      addRoundTrip(sinks);
      for (const r of results) addMeta(sinks, r.meta);
      return results;
    },
    async exec(sql: string) {
      const result = await db.exec(sql);
      addRoundTrip(sinks);
      for (const t of sinks) {
        if (sealed.has(t)) continue;
        t.queries += result.count;
        t.durationMs += result.duration;
      }
      return result;
    },
    withSession: db.withSession.bind(db),
    dump: db.dump.bind(db),
  } as D1Database;
}

/** The database for work outside a request (the cron): measured into the isolate's totals with DEBUG_METRICS on. */
export function meteredDb(env: Bindings): D1Database {
  return env.DEBUG_METRICS ? instrumentD1(env.DB, isolate) : env.DB;
}

const totalsText = (t: D1Totals) =>
  `queries=${t.queries} round-trips=${t.roundTrips} rows-read=${t.rowsRead} rows-written=${t.rowsWritten} ms=${t.durationMs.toFixed(3)}`;

/**
 * With DEBUG_METRICS on, every response to a request addressed to this machine
 * (`localhost`, `127.0.0.1`, `[::1]`: local work and the benchmark) carries `Server-Timing`
 * entries with the D1 time, queries, round trips, rows read and rows written of that
 * request (what Cloudflare bills D1 by), and `d1-isolate` with this isolate's running
 * totals (the benchmark reads the drain after a response from them). Those figures differ
 * between a new, a pending and a capped address, so no deploy may send them: a request
 * through Cloudflare never has a loopback host, whatever a variable says. Off, it is one
 * property check per request.
 */
export const d1Metrics: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.env.DEBUG_METRICS || !isLoopback(c.req.url)) return next();
  const totals = emptyTotals();
  c.env = { ...c.env, DB: instrumentD1(c.env.DB, totals, isolate) };
  await next();
  sealed.add(totals);
  c.res.headers.append(
    'Server-Timing',
    `d1;dur=${totals.durationMs.toFixed(3)};desc="${totals.queries} queries", d1-round-trips;desc="${totals.roundTrips}", ` +
      `d1-rows-read;desc="${totals.rowsRead}", d1-rows-written;desc="${totals.rowsWritten}", d1-isolate;desc="${totalsText(isolate)}"`,
  );
};
