import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { getCampaign, listTargets } from '../src/db/campaigns';
import { runBatch } from '../src/db/statements';
import { CampaignFileError, parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { countOf, postJson, signatureBody, tokenFor, unique, confirmAs } from './helpers';

async function push(file: unknown, hash: string) {
  const parsed = parseCampaignFile(file);
  return runBatch(env.DB, campaignUpsertStatements(parsed, hash, Date.now()));
}

/** The problems a campaign file is refused with, one sentence each; [] when it is valid. */
function problemsOf(file: unknown): string[] {
  try {
    parseCampaignFile(file);
    return [];
  } catch (err) {
    if (err instanceof CampaignFileError) return err.problems;
    throw err;
  }
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
    expect(problemsOf(bad)).toEqual([
      'slug: must be 2 to 64 lower-case letters, digits and dashes, not starting or ending with a dash (got "Bad Slug")',
      'goal: must be at least 1 (got -1)',
      'mail.to: must be an email address (got "not-an-address")',
      'targets[0].country: must be a two-letter ISO country code such as "DE" (got "France")',
    ]);
  });

  it('says what to add for a missing field or object', () => {
    const { privacy, title, ...rest } = demo;
    const { to, ...mailWithoutTo } = demo.mail;
    expect([privacy, title, to].every(Boolean)).toBe(true);
    expect(problemsOf({ ...rest, mail: mailWithoutTo, targets: [{ id: 'fr-paris', name: 'Paris' }] })).toEqual([
      'title: is missing — add the campaign\'s title',
      'mail.to: is missing — add the address every confirmed message goes to',
      'privacy: is missing — add { "controller", "contact", "retentionDays", "consentVersion" }',
      'targets[0].country: is missing — add a two-letter ISO country code such as "FR"',
      'targets[0].email: is missing — add the target\'s email address',
    ]);
  });

  it('names each unknown field, suggesting the one a typo meant', () => {
    const file = { ...demo, titel: 'x', extra: 1, mail: { ...demo.mail, sender: 'x' }, targets: [{ ...demo.targets[0], Email: 'x@example.org' }] };
    expect(problemsOf(file)).toEqual([
      'mail.sender: is not a known field — did you mean "senderName"?',
      'targets[0].Email: is not a known field — did you mean "email"?',
      'titel: is not a known field — did you mean "title"?',
      'extra: is not a known field (check its spelling)',
    ]);
  });

  it('says what a wrongly typed value should be, quoting what it got', () => {
    const file = {
      ...demo,
      status: 'Open',
      goal: '1000',
      demands: 'Free them',
      mail: { ...demo.mail, cc: 'copy@example.org', forward: 'weekly', targetPerHour: 2.5, senderName: 'x'.repeat(101) },
      privacy: { ...demo.privacy, controller: 'Name\u202eEvil' },
      translations: { fr: { title: 'Solidarité' } },
      targets: [demo.targets[0], 'fr-paris'],
    };
    expect(problemsOf(file)).toEqual([
      'status: must be "draft", "open" or "closed" (got "Open"; did you mean "open"?)',
      'demands: must be a list, such as ["Free them"]',
      'goal: must be a number without quotes (got "1000")',
      'mail.senderName: must be at most 100 characters long (got 101)',
      'mail.cc: must be a list, such as ["copy@example.org"]',
      'mail.forward: must be one of "each", "digest", "none" (got "weekly")',
      'mail.targetPerHour: must be a whole number (got 2.5)',
      'privacy.controller: must not contain control characters or line breaks (got "Name\\u202eEvil")',
      'translations.fr: must be a supported language code: en, ru, kk, de (got "fr")',
      'targets[1]: must be an object { "id", "name", "country", "email", "locale", "names" } (got "fr-paris")',
    ]);
  });

  it('names the target whose id is taken, and milestones that do not go up', () => {
    const twice = { ...demo, targets: [demo.targets[0], demo.targets[1], { ...demo.targets[2], id: demo.targets[0]?.id }] };
    expect(problemsOf(twice)).toEqual([`targets[2].id: "${demo.targets[0]?.id}" is already the id of targets[0]; each target needs its own id`]);
    expect(problemsOf({ ...demo, milestones: [5000, 2500] })).toEqual(['milestones: must go up, each above the one before and the first above the goal (1000)']);
  });

  it('refuses a file that is not a JSON object', () => {
    for (const [input, got] of [[[demo], 'a list'], ['campaign', '"campaign"'], [null, 'null']] as const) {
      expect(problemsOf(input)).toEqual([`The file must be a JSON object { "slug": …, "title": …, … }, such as \`npm run campaign -- new <slug>\` writes (got ${got})`]);
    }
  });

  it('lists every problem in the thrown message, one a line', () => {
    expect(() => parseCampaignFile({ ...demo, goal: 0, extra: 1 })).toThrowError(
      new CampaignFileError(['goal: must be at least 1 (got 0)', 'extra: is not a known field (check its spelling)']),
    );
    expect(() => parseCampaignFile({ ...demo, goal: 0 })).toThrowError('Invalid campaign file:\n  goal: must be at least 1 (got 0)');
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
    await confirmAs(await tokenFor(String(body.email)), body);
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
    expect(() => parseCampaignFile(target({ fr: 'Ambassade' }))).toThrowError('targets[0].names.fr: must be a supported language code: en, ru, kk, de (got "fr")');
    expect(() => parseCampaignFile(target({ ru: '' }))).toThrowError('targets[0].names.ru: must not be empty');
    expect(() => parseCampaignFile(target({ ru: 'a\nb' }))).toThrowError('targets[0].names.ru: must not contain control characters or line breaks (got "a\\nb")');
  });

  it('takes an image under public/ or an https URL, and refuses anything else', () => {
    for (const image of ['/images/zhanaozen-solidarity.png', '/a/b-c_d.JPG', 'https://cdn.example.org/x.png?v=2']) {
      expect(parseCampaignFile({ ...demo, image }).image).toBe(image);
    }
    for (const image of ['images/x.png', '/x.gif', '/../secret.png', '//evil.example/x.png', 'http://example.org/x.png', 'javascript:alert(1)', 'https://e.example/"onerror=x']) {
      expect(() => parseCampaignFile({ ...demo, image }), image).toThrowError(/image: must be a PNG or JPEG under public\/ such as/);
    }
  });
});
