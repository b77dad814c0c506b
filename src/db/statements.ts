/** A parameterised statement, runnable by D1 (`prepared`) or rendered as SQL text (the CLI). */
export type Statement = { sql: string; params: (string | number | null)[] };

/** Binds statements to a database, for `db.batch()`. */
export function prepared(db: D1Database, statements: Statement[]): D1PreparedStatement[] {
  return statements.map((s) => db.prepare(s.sql).bind(...s.params));
}

/** Runs statements as one transaction. */
export async function runBatch(db: D1Database, statements: Statement[]): Promise<D1Result[]> {
  return db.batch(prepared(db, statements));
}

function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as SQL`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Statements as SQL text with their parameters inlined, for `wrangler d1 execute --file`
 * (which takes no parameters). Our SQL has no `?` inside string literals, so every `?N`
 * is a parameter.
 */
export function toSqlText(statements: Statement[]): string {
  return statements
    .map((s) =>
      s.sql.replace(/\?(\d+)/g, (_, n: string) => {
        const index = Number(n) - 1;
        if (index >= s.params.length) throw new Error(`statement has no parameter ?${n}`);
        return sqlLiteral(s.params[index] ?? null);
      }),
    )
    .join(';\n')
    .concat(';\n');
}

/**
 * `SELECT total_changes()`: rows inserted, updated or deleted so far on this connection.
 * Put before and after statements run through `wrangler d1 execute`, whose local results
 * carry no change counts, to tell whether they changed anything.
 */
export const TOTAL_CHANGES: Statement = { sql: 'SELECT total_changes() AS changes', params: [] };
