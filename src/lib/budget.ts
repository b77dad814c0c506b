import { type InvocationProfile, WORKERS_FREE, WORKERS_PAID } from './platform-limits';

/**
 * What one Worker invocation may still spend in subrequests (D1 statements, each statement
 * of a batch counted, fetches and Cache API calls), shared by a request and its waitUntil
 * work, or by a cron run's steps. Work that would not fit waits for the next invocation
 * instead of being cut off by the platform halfway.
 */
export class Budget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Counts `n` subrequests as spent. */
  spend(n = 1): void {
    this.used += n;
  }

  /** Subrequests left. */
  get left(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Subrequests spent so far. */
  get spent(): number {
    return this.used;
  }

  /** Whether `n` more fit. */
  allows(n: number): boolean {
    return this.used + n <= this.limit;
  }
}

/**
 * Messages one invocation may send: on Workers Free, what its 10 ms of CPU carries (the
 * bench's mail phase measured 0.1–0.3 ms of Worker CPU a message, rendering and hashing
 * included, on a loaded machine: 50 keeps well inside it); on Paid, 1,000 a run. Either way
 * far beyond Resend's free 100 a day.
 */
export function messagesPerInvocation(profile: InvocationProfile): number {
  return profile.name === 'free' ? 50 : 1_000;
}

/** The invocation profile of the plan the Worker runs on (`WORKERS_PLAN`: "paid", else free). */
export function planProfile(plan: string | undefined): InvocationProfile {
  return plan === 'paid' ? WORKERS_PAID : WORKERS_FREE;
}

const inner = new WeakMap<object, D1PreparedStatement>();

function counted(stmt: D1PreparedStatement, budget: Budget): D1PreparedStatement {
  const wrapped = {
    bind: (...values: unknown[]) => counted(stmt.bind(...values), budget),
    all: <T>() => (budget.spend(), stmt.all<T>()),
    run: <T>() => (budget.spend(), stmt.run<T>()),
    first: <T>(column?: string) => (budget.spend(), column === undefined ? stmt.first<T>() : stmt.first<T>(column)),
    raw: (options?: { columnNames?: boolean }) => (budget.spend(), options?.columnNames ? stmt.raw({ columnNames: true }) : stmt.raw()),
  } as unknown as D1PreparedStatement;
  inner.set(wrapped, stmt);
  return wrapped;
}

/**
 * A D1Database that spends from `budget` for every statement it runs (a batch: one per
 * statement, the strict reading of the limit). The binding itself is untouched.
 */
export function budgetedDb(db: D1Database, budget: Budget): D1Database {
  return {
    prepare: (sql: string) => counted(db.prepare(sql), budget),
    batch: <T>(statements: D1PreparedStatement[]) => {
      budget.spend(statements.length);
      return db.batch<T>(statements.map((s) => inner.get(s) ?? s));
    },
    exec: (sql: string) => (budget.spend(), db.exec(sql)),
    withSession: db.withSession.bind(db),
    dump: db.dump.bind(db),
  } as D1Database;
}
