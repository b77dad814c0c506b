import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignUpsertStatements, getCampaign, listTargets } from '../src/db/campaigns';
import { runBatch, toSqlText } from '../src/db/statements';
import { parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { countOf, postForm, postJson, signatureBody, tokenFor, unique } from './helpers';

async function push(file: unknown, hash: string) {
  const parsed = parseCampaignFile(file);
  return runBatch(env.DB, campaignUpsertStatements(parsed, hash, Date.now()));
}

describe('campaign files', () => {
  it('the demo campaign carries the appeal, five demands, three addresses and every embassy, all @example.org', () => {
    const file = parseCampaignFile(demo);
    expect(file.slug).toBe('zhanaozen-solidarity');
    expect(file.demands).toHaveLength(5);
    expect([file.mail.to, ...file.mail.cc]).toHaveLength(3);
    expect(file.targets.length).toBeGreaterThanOrEqual(38);
    const addresses = [file.mail.to, ...file.mail.cc, ...file.organisers, file.privacy.contact, ...file.targets.map((t) => t.email)];
    expect(addresses.every((a) => a.endsWith('@example.org'))).toBe(true);
    expect(file.targets.find((t) => t.id === 'ru-moscow')).toMatchObject({ country: 'RU' });
  });

  it('names every bad field in a clear error', () => {
    const bad = { ...demo, slug: 'Bad Slug', goal: -1, mail: { ...demo.mail, to: 'not-an-address' }, targets: [{ id: 'x', name: 'X', country: 'France', email: 'x@example.org' }] };
    expect(() => parseCampaignFile(bad)).toThrowError(
      /slug: use 2–64 lower-case letters[\s\S]*goal: [\s\S]*mail\.to: Enter a valid email address[\s\S]*targets\.0\.country: must be an ISO 3166-1 alpha-2 code/,
    );
    expect(() => parseCampaignFile({ ...demo, unknownField: 1 })).toThrowError(/unknownField/);
  });

  it('pushing the same file twice changes nothing', async () => {
    const file = { ...demo, slug: unique('push') };
    await push(file, 'h1');
    const before = await env.DB.prepare('SELECT * FROM campaigns WHERE slug = ?1').bind(file.slug).first();
    const results = await push(file, 'h1');
    expect(results.map((r) => r.meta.changes)).toEqual(results.map(() => 0));
    expect(await env.DB.prepare('SELECT * FROM campaigns WHERE slug = ?1').bind(file.slug).first()).toEqual(before);
  });

  it('pushing an edited file updates text, addresses and targets, and keeps signatures', async () => {
    const file = { ...demo, slug: unique('edit') };
    await push(file, 'h1');
    const body = signatureBody();
    await postJson(`/api/campaigns/${file.slug}/signatures`, body);
    await postForm(`/s/${await tokenFor(String(body.email))}/confirm`, {});
    const edited = {
      ...file,
      title: 'A new title',
      mail: { ...file.mail, to: 'new-inbox@example.org' },
      targets: [...file.targets.filter((t) => t.id !== 'de-berlin').map((t) => (t.id === 'fr-paris' ? { ...t, name: 'Embassy in Paris' } : t)), { id: 'kz-astana', name: 'Ministry', country: 'KZ', email: 'ministry@example.org' }],
    };
    await push(edited, 'h2');
    const campaign = await getCampaign(env.DB, file.slug);
    expect(campaign).toMatchObject({ title: 'A new title', mailTo: 'new-inbox@example.org' });
    const targets = await listTargets(env.DB, campaign!.id);
    expect(targets.find((t) => t.id === 'fr-paris')?.name).toBe('Embassy in Paris');
    expect(targets.find((t) => t.id === 'kz-astana')).toBeTruthy();
    expect(targets.find((t) => t.id === 'de-berlin')).toBeUndefined();
    expect(await countOf(file.slug)).toBe(1);
    const sigs = await env.DB.prepare('SELECT count(*) AS n FROM signatures WHERE campaign_id = ?1').bind(campaign!.id).first<{ n: number }>();
    expect(sigs?.n).toBe(1);
  });

  it('records when a campaign closes, and forgets it when it reopens', async () => {
    const file = { ...demo, slug: unique('close') };
    await push(file, 'h1');
    const closedAt = () => env.DB.prepare('SELECT closed_at FROM campaigns WHERE slug = ?1').bind(file.slug).first<{ closed_at: number | null }>();
    expect((await closedAt())?.closed_at).toBeNull();
    await push({ ...file, status: 'closed' }, 'h2');
    const first = (await closedAt())?.closed_at;
    expect(first).toBeGreaterThan(0);
    await push({ ...file, status: 'closed', title: 'Edited while closed' }, 'h3');
    expect((await closedAt())?.closed_at).toBe(first);
    await push(file, 'h4');
    expect((await closedAt())?.closed_at).toBeNull();
  });

  it('stores each target’s names in other languages, validated, and updates them on a new push', async () => {
    const file = { ...demo, slug: unique('names') };
    await push(file, 'h1');
    const campaign = await getCampaign(env.DB, file.slug);
    const paris = (await listTargets(env.DB, campaign!.id)).find((t) => t.id === 'fr-paris');
    expect(paris).toMatchObject({ name: 'Embassy of Kazakhstan in Paris, France', names: { ru: 'Посольство Казахстана в Париже, Франция', kk: 'Қазақстан елшілігі — Париж, Франция' } });
    // Every demo target speaks Russian and Kazakh.
    expect(parseCampaignFile(demo).targets.filter((t) => !t.names.ru || !t.names.kk)).toEqual([]);
    const renamed = { ...file, targets: file.targets.map((t) => (t.id === 'fr-paris' ? { ...t, names: { ru: 'Посольство в Париже' } } : t)) };
    await push(renamed, 'h2');
    expect((await listTargets(env.DB, campaign!.id)).find((t) => t.id === 'fr-paris')?.names).toEqual({ ru: 'Посольство в Париже' });
    const stored = await env.DB.prepare(`SELECT names FROM targets WHERE key = 'fr-paris' AND campaign_id = ?1`).bind(campaign!.id).first('names');
    expect(stored).toBe('{"ru":"Посольство в Париже"}');
  });

  it('refuses a target name in an unknown language, an empty one, or one with a line break', () => {
    const target = (names: unknown) => ({ ...demo, targets: [{ id: 'x', name: 'X', country: 'FR', email: 'x@example.org', names }] });
    expect(() => parseCampaignFile(target({ de: 'Botschaft' }))).toThrowError(/targets\.0\.names\.de: must be a supported language code/);
    expect(() => parseCampaignFile(target({ ru: '' }))).toThrowError(/targets\.0\.names\.ru: must not be empty/);
    expect(() => parseCampaignFile(target({ ru: 'a\nb' }))).toThrowError(/targets\.0\.names\.ru: Target name must not contain control characters/);
  });

  it('takes an image under public/ or an https URL, and refuses anything else', () => {
    for (const image of ['/images/zhanaozen-solidarity.png', '/a/b-c_d.JPG', 'https://cdn.example.org/x.png?v=2']) {
      expect(parseCampaignFile({ ...demo, image }).image).toBe(image);
    }
    for (const image of ['images/x.png', '/x.gif', '/../secret.png', '//evil.example/x.png', 'http://example.org/x.png', 'javascript:alert(1)', 'https://e.example/"onerror=x']) {
      expect(() => parseCampaignFile({ ...demo, image }), image).toThrowError(/image: must be a PNG or JPEG under public\/ such as/);
    }
  });

  it('renders statements as SQL text with quoted literals for wrangler d1 execute', () => {
    expect(toSqlText([{ sql: 'SELECT ?1, ?2, ?3, ?10', params: ["O'Brien; DROP", 7, null, 1, 2, 3, 4, 5, 6, 'ten'] }])).toBe(
      "SELECT 'O''Brien; DROP', 7, NULL, 'ten';\n",
    );
  });
});
