/** A parameterised statement: SQL text with `?1` placeholders and the values bound to them, never spliced in. */
export type Statement = { sql: string; params: (string | number | null)[] };

/** Binds statements to a database, for `db.batch()`. */
export function prepared(db: D1Database, statements: Statement[]): D1PreparedStatement[] {
  return statements.map((s) => db.prepare(s.sql).bind(...s.params));
}

/** Runs statements as one transaction. */
export async function runBatch(db: D1Database, statements: Statement[]): Promise<D1Result[]> {
  return db.batch(prepared(db, statements));
}
