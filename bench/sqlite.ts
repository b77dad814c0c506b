/**
 * Seeding straight into the local D1 file with the sqlite3 command line (while wrangler
 * dev is stopped), and the sqlite3 CSV export that is the practical limit for ours.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const SQLITE_HELP = 'the sqlite3 command line is needed for seeding: apt-get install -y sqlite3';

/** The sqlite3 CLI version, or null when it is not installed. */
export function sqliteVersion(): string | null {
  try {
    return execFileSync('sqlite3', ['--version'], { encoding: 'utf8', timeout: 10_000 }).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

// Should anything still hold the file, wait for it rather than fail at once.
const BUSY_TIMEOUT = '.timeout 10000';

function run(file: string, sql: string): string {
  return execFileSync('sqlite3', ['-cmd', BUSY_TIMEOUT, file], { input: sql, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
}

const COLUMNS = `campaign_id, email, inbox, name, country, city, message, target_id, public, reply_to_ok, consent_version,
  locale, status, token_nonce, token_hash, token_expires_at, ip_hash, created_at, confirmed_at, updated_at`;

/** The link secret the bench's app runs with (bench/app.ts passes it as LINK_SECRET). */
export const BENCH_LINK_SECRET = 'bench-link-secret';

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
     SELECT ${campaign}, 'seed' || i || '@example.org', 'seed' || i || '@example.org', 'Supporter ' || i, 'GB', 'London',
       CASE WHEN i % 3 = 0 THEN 'Solidarity with the oil workers, from supporter ' || i ELSE NULL END,
       NULL, i % 2, 0, 'bench', 'en', 'confirmed', 'bench-seeded-nonce', printf('c%063x', i), 1700000000000, NULL,
       1700000000000 + i, 1700000000000 + i, 1700000000000 + i
     FROM n;
     UPDATE campaign_counts SET confirmed = confirmed + changes() WHERE campaign_id = ${campaign};
     ${trigger};
     COMMIT;`,
  );
}

/**
 * A signature's link as the app derives it (src/lib/link-token.ts): the row id (6 bytes)
 * and 26 bytes of HMAC-SHA-256 over the nonce; the row stores the nonce and the SHA-256 of
 * those 26 bytes.
 */
function linkFor(id: number, secret: string): { token: string; nonce: string; hash: string } {
  const nonce = randomBytes(16).toString('base64url');
  const mac = createHmac('sha256', `link-token:${secret}`).update(nonce).digest().subarray(0, 26);
  const idBytes = Buffer.alloc(6);
  idBytes.writeUIntBE(id, 0, 6);
  return { token: Buffer.concat([idBytes, mac]).toString('base64url'), nonce, hash: createHash('sha256').update(mac).digest('hex') };
}

/** Adds `n` pending signatures whose link tokens we know, for confirming under load. */
export function seedPending(file: string, campaign: number, n: number, prefix: string, secret = BENCH_LINK_SECRET): string[] {
  const first = maxSignatureId(file) + 1;
  const links = Array.from({ length: n }, (_, i) => linkFor(first + i, secret));
  const expires = Date.now() + 7 * 24 * 3600 * 1000;
  const chunks: string[] = [];
  for (let i = 0; i < links.length; i += 500) {
    const values = links.slice(i, i + 500).map((t, j) => `(${first + i + j}, '${t.nonce}', '${t.hash}')`);
    chunks.push(`INSERT INTO bench_tokens (id, nonce, hash) VALUES ${values.join(', ')};`);
  }
  run(
    file,
    `BEGIN;
     CREATE TEMP TABLE bench_tokens (id INTEGER PRIMARY KEY, nonce TEXT NOT NULL, hash TEXT NOT NULL);
     ${chunks.join('\n')}
     INSERT INTO signatures (id, ${COLUMNS})
     SELECT id, ${campaign}, '${prefix}' || id || '@example.org', '${prefix}' || id || '@example.org', 'Pending ' || id, 'KZ', 'Zhanaozen',
       'Solidarity!', NULL, 1, 0, 'bench', 'en', 'pending', nonce, hash, ${expires}, NULL, ${Date.now()}, NULL, ${Date.now()}
     FROM bench_tokens;
     COMMIT;`,
  );
  return links.map((t) => t.token);
}

/** Adds `n` due outbox messages (one recipient each) for the drainer. */
export function seedOutbox(file: string, campaign: number, n: number): void {
  run(
    file,
    `BEGIN;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
     INSERT INTO outbox (campaign_id, kind, idempotency_key, from_name, to_addrs, subject, text_body, html_body,
       next_attempt_at, created_at)
     SELECT ${campaign}, 'digest', 'c${campaign}:bench-' || i, 'Solidarity bench', json_array('reader' || i || '@example.org'),
       'A message written whole', 'Text of the message', '<p>Text of the message</p>', 0, 0
     FROM n;
     COMMIT;`,
  );
}

/** The highest signature id in `file`. */
export function maxSignatureId(file: string): number {
  return Number(run(file, 'SELECT coalesce(max(id), 0) FROM signatures;').trim());
}

/** The last line sqlite3 prints for `sql` (a single value). */
export function queryOne(file: string, sql: string): string {
  return run(file, sql).trim().split('\n').at(-1) ?? '';
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
  const child = spawn('sqlite3', ['-cmd', BUSY_TIMEOUT, '-csv', '-header', file, sql], { stdio: ['ignore', 'pipe', 'pipe'] });
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
