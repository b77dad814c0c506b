/**
 * The real local D1 binding, held to the platform's limits: every statement (a batch's
 * included) is checked against D1's per-statement limits, and charged as one query to the
 * invocation it runs in (./invocation.ts). Proxies, so the binding keeps its own type and
 * every method this file does not know passes straight through.
 */
import { charge, checkStatement, refused } from './invocation';

type StatementInfo = { raw: D1PreparedStatement; sql: string; parameters: number };

const statements = new WeakMap<object, StatementInfo>();
const databases = new WeakMap<object, D1Database>();

const RUNS = new Set<PropertyKey>(['first', 'run', 'all', 'raw']);

function runStatement(info: StatementInfo): void {
  checkStatement(info.sql, info.parameters);
  charge('queries', 1, info.sql.replace(/\s+/g, ' ').trim().slice(0, 80));
}

function limitedStatement(info: StatementInfo): D1PreparedStatement {
  const proxy = new Proxy(info.raw, {
    get(target, key) {
      if (key === 'bind') {
        return (...values: unknown[]) => limitedStatement({ raw: target.bind(...values), sql: info.sql, parameters: values.length });
      }
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (!RUNS.has(key)) return value.bind(target);
      return (...args: unknown[]) => refused(() => runStatement(info)) ?? Reflect.apply(value, target, args);
    },
  });
  statements.set(proxy, info);
  return proxy;
}

// A batch is one round trip but each of its statements a query (the strict reading of
// "queries per invocation"); all are checked before any runs, as one transaction would be.
function limitedBatch(target: D1Database | D1DatabaseSession) {
  return (list: D1PreparedStatement[]) => {
    const raws = list.map((s) => statements.get(s)?.raw ?? s);
    const checked = refused(() => list.forEach((s) => {
      const info = statements.get(s);
      if (info) checkStatement(info.sql, info.parameters);
    }));
    if (checked) return checked;
    return refused(() => charge('queries', list.length, `a batch of ${list.length} statements`)) ?? target.batch(raws);
  };
}

function limitedSession(session: D1DatabaseSession): D1DatabaseSession {
  return new Proxy(session, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => limitedStatement({ raw: target.prepare(sql), sql, parameters: 0 });
      if (key === 'batch') return limitedBatch(target);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function proxyDatabase(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => limitedStatement({ raw: target.prepare(sql), sql, parameters: 0 });
      if (key === 'batch') return limitedBatch(target);
      if (key === 'withSession') return (constraint?: string) => limitedSession(target.withSession(constraint));
      if (key === 'exec') {
        return (sql: string) => refused(() => (checkStatement(sql, 0), charge('queries', 1, 'exec'))) ?? target.exec(sql);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `db` held to the limits; wrapping a wrapped binding returns it unchanged. */
export function limitedD1(db: D1Database): D1Database {
  if (databases.has(db)) return db;
  const proxy = proxyDatabase(db);
  databases.set(proxy, db);
  return proxy;
}
