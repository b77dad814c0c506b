import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { unique } from './helpers';

const insert = (kind: string) =>
  env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, kind, from_name, to_addrs, next_attempt_at, created_at)
     VALUES (?1, ?2, 'Solidarity', json_array('a@example.org'), 1, 1)`,
  )
    .bind(unique('k'), kind)
    .run();

describe('outbox kinds (migration 0006)', () => {
  it('takes a new kind of mail without a schema change', async () => {
    expect((await insert('picket-reminder')).meta.changes).toBe(1);
  });

  it('refuses a kind that is not a short lower-case word', async () => {
    await expect(insert('Forward')).rejects.toThrow(/CHECK constraint/);
    await expect(insert('')).rejects.toThrow(/CHECK constraint/);
    await expect(insert('x'.repeat(33))).rejects.toThrow(/CHECK constraint/);
  });
});
