import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runPrivacySweep } from '../src/db/privacy';

/** Every statement the sweep runs, recorded as it prepares them. */
function recording(db: D1Database, seen: string[]): D1Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => (seen.push(sql), target.prepare(sql));
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function plan(sql: string): Promise<string[]> {
  const params = Math.max(0, ...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...Array.from({ length: params }, () => 0)).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe('the daily privacy sweep', () => {
  it('reads the large tables only by index ranges: no statement scans the outbox, the signatures or the attendees', async () => {
    const seen: string[] = [];
    await runPrivacySweep(recording(env.DB, seen), Date.now());
    expect(seen.length).toBeGreaterThan(10);
    const scans: string[] = [];
    for (const sql of seen) {
      for (const detail of await plan(sql)) {
        // Small tables (sign-in links, send slots, pickets, campaigns) may be scanned; webhook
        // ids too, deliberately (0004: an index would be written on every event).
        if (/^SCAN (outbox|signatures|picket_attendees|ledger_leaves)\b/.test(detail)) scans.push(`${detail} in ${sql.replace(/\s+/g, ' ').slice(0, 120)}`);
      }
    }
    expect(scans).toEqual([]);
  });
});
