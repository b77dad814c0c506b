/**
 * Seeding straight into the local D1 file with the sqlite3 command line (while wrangler
 * dev is stopped), and the sqlite3 CSV export that is the practical limit for ours.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';

export const SQLITE_HELP = 'the sqlite3 command line is needed for seeding: apt-get install -y sqlite3';

/** The sqlite3 CLI version, or null when it is not installed. */
export function sqliteVersion(): string | null {
  try {
    return execFileSync('sqlite3', ['--version'], { encoding: 'utf8', timeout: 10_000 }).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

function run(file: string, sql: string): string {
  return execFileSync('sqlite3', [file], { input: sql, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
}

const COLUMNS = `campaign_id, email, name, country, city, message, target_id, public, reply_to_ok, consent_version,
  locale, status, token_hash, token_expires_at, ip_hash, created_at, confirmed_at, updated_at`;

/** The id of the demo campaign in `file`. */
export function campaignId(file: string, slug: string): number {
  const id = Number(run(file, `SELECT id FROM campaigns WHERE slug = '${slug.replace(/'/g, "''")}';`).trim());
  if (!Number.isInteger(id) || id <= 0) throw new Error(`campaign ${slug} is not in ${file}`);
  return id;
}

/**
 * Adds `n` confirmed signatures in one transaction (a recursive CTE: about 5 s per
 * million). The count trigger uses unixepoch('subsec'), which Debian's sqlite3 3.40
 * lacks, so it is set aside for the insert, the count moved by the same number, and the
 * trigger put back from its own stored SQL, all in the same transaction.
 */
export function seedConfirmed(file: string, campaign: number, n: number): void {
  const trigger = run(file, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'signatures_count_insert';`).trim();
  if (!trigger) throw new Error('trigger signatures_count_insert not found');
  run(
    file,
    `PRAGMA synchronous = OFF;
     BEGIN;
     DROP TRIGGER signatures_count_insert;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
     INSERT INTO signatures (${COLUMNS})
     SELECT ${campaign}, 'seed' || i || '@example.org', 'Supporter ' || i, 'GB', 'London',
       CASE WHEN i % 3 = 0 THEN 'Solidarity with the oil workers, from supporter ' || i ELSE NULL END,
       NULL, i % 2, 0, 'bench', 'en', 'confirmed', printf('c%063x', i), 1700000000000, NULL,
       1700000000000 + i, 1700000000000 + i, 1700000000000 + i
     FROM n;
     UPDATE campaign_counts SET confirmed = confirmed + changes() WHERE campaign_id = ${campaign};
     ${trigger};
     COMMIT;`,
  );
}

/** A link token as the app makes them, and the hash it stores. */
function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: createHash('sha256').update(token).digest('hex') };
}

/** Adds `n` pending signatures whose link tokens we know, for confirming under load. */
export function seedPending(file: string, campaign: number, n: number, prefix: string): string[] {
  const tokens = Array.from({ length: n }, newToken);
  const expires = Date.now() + 7 * 24 * 3600 * 1000;
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += 500) {
    const values = tokens.slice(i, i + 500).map((t, j) => `(${i + j + 1}, '${t.hash}')`);
    chunks.push(`INSERT INTO bench_tokens (i, hash) VALUES ${values.join(', ')};`);
  }
  run(
    file,
    `BEGIN;
     CREATE TEMP TABLE bench_tokens (i INTEGER PRIMARY KEY, hash TEXT NOT NULL);
     ${chunks.join('\n')}
     INSERT INTO signatures (${COLUMNS})
     SELECT ${campaign}, '${prefix}' || i || '@example.org', 'Pending ' || i, 'KZ', 'Zhanaozen', 'Solidarity!', NULL, 1, 0,
       1, 'bench', 'en', 'pending', hash, ${expires}, NULL, ${Date.now()}, NULL, ${Date.now()}
     FROM bench_tokens;
     COMMIT;`,
  );
  return tokens.map((t) => t.token);
}

/** Adds `n` due outbox messages (one recipient each) for the drainer. */
export function seedOutbox(file: string, campaign: number, n: number): void {
  run(
    file,
    `BEGIN;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
     INSERT INTO outbox (campaign_id, kind, idempotency_key, from_name, to_addrs, subject, text_body, html_body,
       next_attempt_at, created_at)
     SELECT ${campaign}, 'confirm', 'bench-' || i, 'Solidarity bench', json_array('reader' || i || '@example.org'),
       'Please confirm your signature', 'Confirm: http://127.0.0.1/s/x', '<p>Confirm</p>', 0, 0
     FROM n;
     COMMIT;`,
  );
}

/** The highest signature id in `file`. */
export function maxSignatureId(file: string): number {
  return Number(run(file, 'SELECT coalesce(max(id), 0) FROM signatures;').trim());
}

/** Rows of one campaign in `file` with a status. */
export function countRows(file: string, table: 'signatures' | 'outbox', where: string): number {
  return Number(run(file, `SELECT count(*) FROM ${table} WHERE ${where};`).trim());
}

/**
 * Exports a query as CSV with sqlite3 -csv -header, read by this process as the API's
 * export is, and reports the bytes and the seconds taken.
 */
export async function sqliteCsv(file: string, sql: string): Promise<{ bytes: number; seconds: number }> {
  const start = performance.now();
  const child = spawn('sqlite3', ['-csv', '-header', file, sql], { stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let err = '';
  child.stdout.on('data', (c: Buffer) => (bytes += c.length));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`sqlite3 export failed (${code}): ${err}`);
  return { bytes, seconds: (performance.now() - start) / 1000 };
}
