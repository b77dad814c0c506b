import { env } from 'cloudflare:test';
import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rollUpTallies } from '../src/db/tallies';
import { contentDisposition, exportFileName } from '../src/lib/export-formats';
import { columnName, excelSerial, xmlText } from '../src/lib/xlsx';
import { adminGet, adminSession, makeToken } from './admin-helpers';
import { createCampaign, unique } from './helpers';
import { invocations } from './limits/invocation';

/** Seeds `n` signatures in one statement; every tenth pending, names from `names` in turn. */
async function seed(slug: string, n: number, names: string[]): Promise<void> {
  const tag = unique('t');
  await env.DB.prepare(
    `WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x + 1 < ?3)
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, consent_version,
       status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at, source)
     SELECT c.id, 'u' || x || '-' || ?4 || '@example.org', 'u' || x || '-' || ?4 || '@example.org',
       json_extract(?2, '$[' || (x % json_array_length(?2)) || ']'), 'KZ', 'Жаңаөзен', NULL, NULL, 1, '2026-11-28',
       iif(x % 10 = 9, 'pending', 'confirmed'), 'nonce-for-a-seeded-row', printf('%064d', x), 0,
       1750000000000 + x * 60000, iif(x % 10 = 9, NULL, 1750000000000 + x * 60000 + 500), 1750000000000, NULL
     FROM seq, campaigns c WHERE c.slug = ?1`,
  ).bind(slug, JSON.stringify(names), n, tag).run();
  // The summaries the total comes from catch up with a bulk insert as the cron's steps would.
  for (let i = 0; i < 10 && (await rollUpTallies(env.DB, Date.now(), { limit: 100_000 })).arrivalRows > 0; i++);
}

let session: Promise<{ cookie: string }> | null = null;
/** One organiser session for the file (a second sign-in by the same address would wait for its own link). */
const organiser = () => (session ??= adminSession());

const NAMES = ['=HYPERLINK("http://evil.example","x")', 'Әсел Ғабитқызы', '+7 700', '@home', '-minus', 'a <b> & "c"', 'tab\there'];
const day = () => new Date().toISOString().slice(0, 10);
const named = (name: string) => `attachment; filename="${name}"; filename*=UTF-8''${name}`;

type Page = { rows: { id: number; name: string; status: string }[]; next: number | null; total: number | null };

describe('GET /api/admin/campaigns/:slug/signatures/page', () => {
  it('walks 5,000 signatures in pages of 1,000, each request within Workers Free, with the total on the first page', async () => {
    const c = await createCampaign();
    await seed(c.slug, 5000, NAMES);
    const auth = { authorization: `Bearer ${await makeToken(c.slug, 'export', 'read')}` };
    const before = invocations().length;
    const seen: number[] = [];
    let after: number | null = 0;
    let total: number | null = null;
    let requests = 0;
    while (after !== null) {
      const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures/page?after=${after}`, auth);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const page: Page = await res.json();
      if (requests === 0) total = page.total;
      else expect(page.total).toBeNull();
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
      requests += 1;
    }
    expect(total).toBe(5000);
    expect(seen).toHaveLength(5000);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(5000);
    // 5 full pages and the empty one that says so; each a handful of D1 queries on the free profile.
    expect(requests).toBe(6);
    const mine = invocations().slice(before);
    expect(mine.map((i) => i.profile.name)).toEqual(Array(6).fill('free'));
    expect(Math.max(...mine.map((i) => i.queries))).toBeLessThanOrEqual(12);
  });

  it('filters by status (the total too) and takes a smaller limit', async () => {
    const c = await createCampaign();
    await seed(c.slug, 30, NAMES);
    const auth = { authorization: `Bearer ${await makeToken(c.slug)}` };
    const first: Page = await (await adminGet(`/api/admin/campaigns/${c.slug}/signatures/page?status=pending&limit=2`, auth)).json();
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => r.status)).toEqual(['pending', 'pending']);
    const rest: Page = await (await adminGet(`/api/admin/campaigns/${c.slug}/signatures/page?status=pending&limit=2&after=${first.next}`, auth)).json();
    expect([rest.rows.length, rest.next]).toEqual([1, null]);
    // The rows come as stored: the workbook and the CSV are written from them, in the browser.
    expect(first.rows[0]).toMatchObject({ name: NAMES[9 % NAMES.length], consent: '2026-11-28', signedAt: 1750000000000 + 9 * 60000, confirmedAt: null });
  });

  it('answers 422 for a bad cursor or limit, and 401 without credentials', async () => {
    const c = await createCampaign();
    const auth = { authorization: `Bearer ${await makeToken(c.slug)}` };
    const bad = await adminGet(`/api/admin/campaigns/${c.slug}/signatures/page?after=-1&limit=5000`, auth);
    expect(bad.status).toBe(422);
    const body: { error: { issues: { field: string }[] } } = await bad.json();
    expect(body.error.issues.map((i) => i.field).sort()).toEqual(['after', 'limit']);
    expect((await adminGet(`/api/admin/campaigns/${c.slug}/signatures/page`)).status).toBe(401);
  });
});

describe('GET /api/admin/campaigns/:slug/signatures.xlsx', () => {
  it('streams a workbook: dates as date cells, ids as numbers, text as inline strings, no formula, header frozen, filter on every row', async () => {
    const c = await createCampaign();
    await seed(c.slug, 2500, NAMES);
    const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.xlsx?status=confirmed`, { authorization: `Bearer ${await makeToken(c.slug)}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(named(`${c.slug}-signatures-confirmed-${day()}.xlsx`));
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const rows = sheet.match(/<row /g) ?? [];
    expect(rows).toHaveLength(1 + 2250);
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<autoFilter ref="A1:O2251"/>');
    expect(strFromU8(files['xl/workbook.xml']!)).toContain(`'signatures'!$A$1:$O$2251`);
    // Row 2: the first signature, id 1 of the campaign's own ids, its date 2025-06-15 15:06:40 UTC as a serial day.
    const row2 = /<row r="2">(.*?)<\/row>/.exec(sheet)?.[1] ?? '';
    expect(row2).toMatch(/^<c r="A2"><v>\d+<\/v><\/c><c r="B2" t="inlineStr"><is><t xml:space="preserve">confirmed<\/t><\/is><\/c><c r="C2" s="1"><v>45823\.6296296296\d*<\/v><\/c>/);
    expect(row2).toContain('<c r="E2" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK("http://evil.example","x")</t></is></c>');
    expect(sheet).toContain('<t xml:space="preserve">a &lt;b&gt; &amp; "c"</t>');
    expect(sheet).toContain('<t xml:space="preserve">Әсел Ғабитқызы</t>');
    expect(strFromU8(files['xl/styles.xml']!)).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>');
  });
});

describe('GET /api/admin/campaigns/:slug/signatures.csv?variant=', () => {
  it('writes the CSV for Excel with ; after a BOM, the consent version as text Excel keeps', async () => {
    const c = await createCampaign();
    await seed(c.slug, 12, NAMES);
    const res = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv?status=confirmed&variant=excel-semicolon`, { authorization: `Bearer ${await makeToken(c.slug)}` });
    expect(res.headers.get('content-disposition')).toBe(named(`${c.slug}-signatures-confirmed-excel-semicolon-${day()}.csv`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(new TextDecoder().decode(bytes.slice(3)), { delimiter: ';' });
    expect(rows[0]).toHaveLength(15);
    expect(rows).toHaveLength(1 + 11);
    expect(rows.slice(1).map((r) => r[11])).toEqual(Array(11).fill('v2026-11-28'));
    expect(rows[1]![2]).toBe('2025-06-15T15:06:40.000Z');
    expect(rows[1]![4]).toBe(`'${NAMES[0]}`);
    // The comma variant for English Excel: also with a BOM; the plain CSV keeps the version as stored.
    const comma = await adminGet(`/api/admin/campaigns/${c.slug}/signatures.csv?variant=excel`, { authorization: `Bearer ${await makeToken(c.slug)}` });
    expect(comma.headers.get('content-disposition')).toBe(named(`${c.slug}-signatures-all-excel-${day()}.csv`));
    expect((await comma.text()).split('\r\n')[1]).toContain(',"v2026-11-28",');
  });
});

describe('GET /admin/campaigns/:slug/export/download (the form without JavaScript)', () => {
  it('answers the chosen file, and re-renders the form with a message per field for a bad choice', async () => {
    const c = await createCampaign();
    await seed(c.slug, 5, NAMES);
    const { cookie } = await organiser();
    const ok = await adminGet(`/admin/campaigns/${c.slug}/export/download?status=all&format=xlsx`, { cookie });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe(named(`${c.slug}-signatures-all-${day()}.xlsx`));
    expect(Object.keys(unzipSync(new Uint8Array(await ok.arrayBuffer())))).toContain('xl/worksheets/sheet1.xml');
    const bad = await adminGet(`/admin/campaigns/${c.slug}/export/download?status=some&format=pdf`, { cookie });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<span class="field-error" id="export-format-error">Choose one of the formats.</span>');
    expect(html).toContain('<span class="field-error" id="export-status-error">Choose which signatures to export.</span>');
    expect(html).toContain('data-export-form');
  });

  it('shows the choices in plain words, the progress for the paged export, and what the free plan needs', async () => {
    const c = await createCampaign();
    const { cookie } = await organiser();
    const html = await (await adminGet(`/admin/campaigns/${c.slug}/export`, { cookie })).text();
    for (const words of ['Excel workbook (.xlsx)', 'CSV for Excel (comma)', 'CSV for Excel (semicolon — Russian, German, French… Excel)', 'CSV (plain, UTF-8)']) expect(html).toContain(words);
    expect(html).toContain(`data-page-url="/api/admin/campaigns/${c.slug}/signatures/page"`);
    expect(html).toMatch(/<progress [^>]*aria-label="Export progress"/);
    expect(html).toContain('<p role="status" aria-live="polite" data-export-status="true">');
    expect(html).toContain('on the free Workers plan that stops after about a thousand signatures');
    const ru = await (await adminGet(`/admin/campaigns/${c.slug}/export?lang=ru`, { cookie })).text();
    expect(ru).toContain('CSV для Excel (точка с запятой — Excel на русском, немецком, французском…)');
  });
});

describe('export file names', () => {
  it('say the campaign, the export and the day, with an RFC 5987 name for any letter', () => {
    const at = Date.UTC(2026, 11, 7, 12);
    expect(exportFileName('zhanaozen', 'confirmed', 'xlsx', at)).toBe('zhanaozen-signatures-confirmed-2026-12-07.xlsx');
    expect(exportFileName('zhanaozen', null, 'csv-excel-semicolon', at)).toBe('zhanaozen-signatures-all-excel-semicolon-2026-12-07.csv');
    expect(contentDisposition('жаңаөзен-signatures-all-2026-12-07.csv')).toBe(
      `attachment; filename="________-signatures-all-2026-12-07.csv"; filename*=UTF-8''%D0%B6%D0%B0%D2%A3%D0%B0%D3%A9%D0%B7%D0%B5%D0%BD-signatures-all-2026-12-07.csv`,
    );
  });
});

describe('the workbook writer (src/lib/xlsx.ts)', () => {
  it('keeps every character of a text as XML can carry it, the way Excel reads it back', () => {
    expect(xmlText('plain Жаңаөзен')).toBe('plain Жаңаөзен');
    expect(xmlText('a<b>&c\r\nd\te')).toBe('a&lt;b&gt;&amp;c&#13;\nd\te');
    // Characters XML 1.0 cannot hold are written as Excel's _xHHHH_, and a literal _xHHHH_ is kept literal.
    expect(xmlText('bell\u0007 and _x0041_')).toBe('bell_x0007_ and _x005F_x0041_');
    // A lone surrogate (no character at all) becomes U+FFFD; a pair (an emoji) stays.
    expect(xmlText('\uD83D✊🏽')).toBe('\uFFFD✊🏽');
  });

  it('names columns as spreadsheets do and counts days as Excel does (UTC)', () => {
    expect([0, 14, 25, 26, 701, 702].map(columnName)).toEqual(['A', 'O', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(excelSerial(Date.UTC(1970, 0, 1))).toBe(25569);
    expect(excelSerial(Date.UTC(2026, 11, 7, 12))).toBe(46363.5);
  });
});
