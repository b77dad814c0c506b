import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/** What one request cost in D1, summed over its queries from each result's `meta`. */
export type D1Totals = { queries: number; durationMs: number; rowsRead: number; rowsWritten: number };

function add(totals: D1Totals, meta: D1Meta | undefined): void {
  if (!meta) return;
  totals.queries += 1;
  totals.durationMs += meta.duration ?? 0;
  totals.rowsRead += meta.rows_read ?? 0;
  totals.rowsWritten += meta.rows_written ?? 0;
}

const inner = new WeakMap<object, D1PreparedStatement>();

function wrapStatement(stmt: D1PreparedStatement, totals: D1Totals): D1PreparedStatement {
  const wrapped = {
    bind: (...values: unknown[]) => wrapStatement(stmt.bind(...values), totals),
    async all<T>() {
      const result = await stmt.all<T>();
      add(totals, result.meta);
      return result;
    },
    async run<T>() {
      const result = await stmt.run<T>();
      add(totals, result.meta);
      return result;
    },
    // `first()` returns no meta, so it is answered through `all()` while measuring.
    async first<T>(column?: string) {
      const result = await stmt.all<Record<string, unknown>>();
      add(totals, result.meta);
      const row = result.results[0];
      if (!row) return null;
      return (column === undefined ? row : row[column] ?? null) as T;
    },
    raw: stmt.raw.bind(stmt),
  } as unknown as D1PreparedStatement;
  inner.set(wrapped, stmt);
  return wrapped;
}

/** A D1Database that adds every query's cost to `totals`. */
export function instrumentD1(db: D1Database, totals: D1Totals): D1Database {
  return {
    prepare: (sql: string) => wrapStatement(db.prepare(sql), totals),
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await db.batch<T>(statements.map((s) => inner.get(s) ?? s));
      for (const r of results) add(totals, r.meta);
      return results;
    },
    exec: db.exec.bind(db),
    withSession: db.withSession.bind(db),
    dump: db.dump.bind(db),
  } as D1Database;
}

/**
 * With DEBUG_METRICS on, every response carries `Server-Timing` entries with the D1 time,
 * rows read and rows written of that request (what Cloudflare bills D1 by).
 */
export const d1Metrics: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.env.DEBUG_METRICS) return next();
  const totals: D1Totals = { queries: 0, durationMs: 0, rowsRead: 0, rowsWritten: 0 };
  c.env = { ...c.env, DB: instrumentD1(c.env.DB, totals) };
  await next();
  c.res.headers.append(
    'Server-Timing',
    `d1;dur=${totals.durationMs.toFixed(3)};desc="${totals.queries} queries", d1-rows-read;desc="${totals.rowsRead}", d1-rows-written;desc="${totals.rowsWritten}"`,
  );
};
