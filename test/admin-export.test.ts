import { env } from 'cloudflare:test';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { adminGet, makeToken } from './admin-helpers';
import { countOf, createCampaign, unique } from './helpers';

/** Values a spreadsheet export gets wrong if anything is off. */
const TRICKY = [
  { name: 'Ана "Аня" Иванова', city: 'Алматы, центр', message: 'Line one\nline two, with "quotes"' },
  { name: '=HYPERLINK("http://evil.example","click")', city: 'Жаңаөзен', message: '+1 solidarity' },
  { name: 'Айгүл Сәрсенова', city: 'Қазақстан', message: 'Ынтымақтастық! ✊🏽🔥' },
  { name: '-minus', city: '@home', message: '\tleading tab' },
  { name: 'Plain Person', city: 'Paris', message: 'CRLF\r\ninside' },
  { name: "O'Brien, Jr.", city: 'Zürich', message: '' },
];
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const HEADER = ['id', 'status', 'signed at', 'confirmed at', 'name', 'email', 'country', 'city', 'target', 'message', 'public', 'consent', 'updates', 'updates consent', 'source'];

/** Seeds `n` signatures in one statement (a recursive CTE); every third confirmed one has a target. */
async function seed(slug: string, n: number, tag: string): Promise<void> {
  await env.DB.prepare(
    `WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x + 1 < ?3)
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, consent_version,
       status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at, source)
     SELECT c.id, 'u' || x || '-' || ?4 || '@example.org', 'u' || x || '-' || ?4 || '@example.org',
       json_extract(?2, '$[' || (x % CAST(?5 AS INTEGER)) || '].name'), iif(x % 2 = 0, 'KZ', 'FR'),
       json_extract(?2, '$[' || (x % CAST(?5 AS INTEGER)) || '].city'), nullif(json_extract(?2, '$[' || (x % CAST(?5 AS INTEGER)) || '].message'), ''),
       iif(x % 3 = 0, (SELECT id FROM targets WHERE campaign_id = c.id AND key = 'fr-paris'), NULL),
       x % 2, '2026-11-28', iif(x % 10 = 9, 'pending', 'confirmed'), 'nonce-for-a-seeded-row', printf('%064d', x), 0,
       1750000000000 + x * 1000, iif(x % 10 = 9, NULL, 1750000000000 + x * 1000 + 500), 1750000000000,
       iif(x % 4 = 0, NULL, 'newsletter/email/june-' || (x % 4))
     FROM seq, campaigns c WHERE c.slug = ?1`,
  )
    .bind(slug, JSON.stringify(TRICKY), n, tag, TRICKY.length)
    .run();
}

describe('GET /api/admin/campaigns/:slug/signatures.csv', () => {
  it('streams 100,000 signatures that parse back exactly, row count equal to the stored count', async () => {
    const c = await createCampaign();
    const tag = unique('t');
    const n = 100_000;
    await seed(c.slug, n, tag);
    const token = await makeToken(c.slug);
    const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv`, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const day = new Date().toISOString().slice(0, 10);
    const named = (name: string) => `attachment; filename="${name}"; filename*=UTF-8''${name}`;
    expect(res.headers.get('content-disposition')).toBe(named(`${c.slug}-signatures-all-${day}.csv`));
    // Each export its own name: which signatures, and the Excel one (with a BOM) says so.
    const excel = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv?status=confirmed&bom=1`, { authorization: `Bearer ${token}` });
    expect(excel.headers.get('content-disposition')).toBe(named(`${c.slug}-signatures-confirmed-excel-${day}.csv`));
    await excel.body?.cancel();

    // Read it as a stream: many chunks, not one buffered body.
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
    expect(chunks).toBeGreaterThan(10);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);

    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows[0]).toEqual(HEADER);
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)').bind(c.slug).first('n');
    expect(rows.length - 1).toBe(stored);
    expect(stored).toBe(n);
    expect(await countOf(c.slug)).toBe(90_000);

    let lastId = 0;
    for (const row of rows.slice(1)) {
      const [id, status, signedAt, confirmedAt, name, email, country, city, target, message, pub, consent, updates, updatesConsent, source] = row;
      const x = Number(/^u(\d+)-/.exec(email!)?.[1]);
      const t = TRICKY[x % TRICKY.length]!;
      expect(Number(id)).toBeGreaterThan(lastId);
      lastId = Number(id);
      const expected = [
        status === 'pending' ? 'pending' : 'confirmed',
        new Date(1750000000000 + x * 1000).toISOString(),
        x % 10 === 9 ? '' : new Date(1750000000000 + x * 1000 + 500).toISOString(),
        guard(t.name), `u${x}-${tag}@example.org`, x % 2 === 0 ? 'KZ' : 'FR', guard(t.city),
        x % 3 === 0 ? 'Embassy of Kazakhstan in Paris, France' : '', guard(t.message),
        x % 2 === 1 ? 'yes' : 'no', '2026-11-28', 'no', '', x % 4 === 0 ? '' : `newsletter/email/june-${x % 4}`,
      ];
      if (x % 10 === 9) expect(status).toBe('pending');
      expect([status, signedAt, confirmedAt, name, email, country, city, target, message, pub, consent, updates, updatesConsent, source]).toEqual(expected);
    }
  }, 120_000);

  it('adds a BOM with ?bom=1 and filters by status and since', async () => {
    const c = await createCampaign();
    await seed(c.slug, 20, unique('t'));
    const token = { authorization: `Bearer ${await makeToken(c.slug)}` };
    const base = `/api/admin/campaigns/${c.slug}/signatures.csv`;
    const bom = await (await adminGet(`${base}?bom=1`, token)).arrayBuffer();
    expect([...new Uint8Array(bom.slice(0, 3))]).toEqual([0xef, 0xbb, 0xbf]);
    const pending: string[][] = parse(await (await adminGet(`${base}?status=pending`, token)).text());
    expect(pending.slice(1).map((r) => r[1])).toEqual(['pending', 'pending']);
    const since = new Date(1750000000000 + 15 * 1000).toISOString();
    const recent: string[][] = parse(await (await adminGet(`${base}?since=${encodeURIComponent(since)}`, token)).text());
    expect(recent.length - 1).toBe(5);
  });

  it('answers 422 for a bad filter, before reading anything', async () => {
    const c = await createCampaign();
    const token = { authorization: `Bearer ${await makeToken(c.slug)}` };
    const base = `/api/admin/campaigns/${c.slug}/signatures.csv`;
    const bad = await adminGet(`${base}?status=deleted&since=yesterday`, token);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Some query parameters are not valid.',
        issues: [
          { field: 'status', message: 'status must be pending, confirmed, withdrawn or spam' },
          { field: 'since', message: 'since must be a date like 2026-06-16 or 2026-06-16T08:00:00Z' },
        ],
        requestId: bad.headers.get('x-request-id'),
      },
    });
    expect((await adminGet(`${base}?since=2026-02-31T99:00`, token)).status).toBe(422);
  });
});

describe('GET /api/admin/campaigns/:slug/signatures.ndjson', () => {
  it('gives one JSON object per line', async () => {
    const c = await createCampaign();
    await seed(c.slug, 12, unique('t'));
    const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.ndjson`, { authorization: `Bearer ${await makeToken(c.slug)}` });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(12);
    expect(lines[1]).toMatchObject({ status: 'confirmed', name: TRICKY[1]!.name, country: 'FR', public: true, consent: '2026-11-28', target: null, source: 'newsletter/email/june-1' });
  });
});
