/** SQL statements run through `wrangler d1 execute --file`, so one code path serves local and remote. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Statement, toSqlText } from '../../src/db/statements';
import { CliError } from './cli';
import { type Target, runWrangler, whereArgs } from './wrangler';

/** The result rows of each statement, in order (remote `--file` runs give one summary row instead). */
export async function execute(statements: Statement[], t: Target, verbose = false): Promise<unknown[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'solidarity-'));
  const sqlPath = join(dir, 'run.sql');
  try {
    writeFileSync(sqlPath, toSqlText(statements));
    const out = await runWrangler(['d1', 'execute', 'DB', ...whereArgs(t), `--file=${sqlPath}`, '--yes', '--json'], { verbose });
    let parsed: unknown;
    try {
      parsed = JSON.parse(out.slice(out.indexOf('[')));
    } catch {
      throw new CliError(`wrangler d1 execute printed something other than JSON:\n${out}`);
    }
    if (!Array.isArray(parsed)) throw new CliError(`wrangler d1 execute printed something other than a list of results:\n${out}`);
    return parsed.map((r: unknown) => (r && typeof r === 'object' && 'results' in r && Array.isArray(r.results) ? r.results : []));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "the local database", "the local database in /tmp/x", "the remote database". */
export function describeTarget(t: Target): string {
  if (t.remote) return 'the remote database';
  return t.persistTo ? `the local database in ${t.persistTo}` : 'the local database';
}
