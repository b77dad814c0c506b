import { env } from 'cloudflare:test';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fileHash, pulledText, pushRefusal } from '../scripts/lib/campaign-sync-rules';
import { fileFromStored, markPulledStatement, storedFileStatement, unchangedSinceStatement } from '../src/db/campaign-files';
import { campaignUpsertStatements } from '../src/db/campaign-upsert';
import { runBatch } from '../src/db/statements';
import { saveCampaignFile } from '../src/flows/campaign-save';
import { createCampaign } from './helpers';
import { campaignTemplate, campaignTemplateText } from '../scripts/lib/campaign-template';
import { jsonErrorAt } from '../scripts/lib/json-error';
import { CampaignFileError, CampaignSlug, parseCampaignFile } from '../src/schemas/campaign-file';

const campaignDoc = String(Object.values(import.meta.glob('../docs/campaign-file.md', { query: '?raw', import: 'default', eager: true }))[0]);

/** The code blocks of docs/campaign-file.md ("Define a campaign"), with their language tags. */
function defineCampaignBlocks(): { lang: string; text: string }[] {
  const section = campaignDoc;
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));
}

describe('npm run campaign -- new <slug>', () => {
  it('writes a template that passes the campaign file schema, for the shortest and the longest slug too', () => {
    // One letter is no slug: the database holds 2 to 64 characters, so the schema says so first.
    expect(v.is(CampaignSlug, 'a')).toBe(false);
    for (const slug of ['my-campaign', 'ab', `x${'-y'.repeat(31)}z`]) {
      expect(v.is(CampaignSlug, slug)).toBe(true);
      const file = parseCampaignFile(JSON.parse(campaignTemplateText(slug)));
      expect(file).toMatchObject({ slug, status: 'open', goal: 1000 });
      expect(file.targets.map((t) => t.id)).toEqual(['fr-paris', 'de-berlin']);
    }
  });

  it('uses example.org addresses only', () => {
    const file = parseCampaignFile(campaignTemplate('my-campaign'));
    const addresses = [file.mail.to, ...file.mail.cc, file.privacy.contact, ...file.organisers, ...file.targets.map((t) => t.email)];
    expect(addresses).toHaveLength(6);
    expect(addresses.filter((a) => !a.endsWith('@example.org'))).toEqual([]);
  });

  it('writes plain JSON with two-space indents and a final newline', () => {
    const text = campaignTemplateText('my-campaign');
    expect(text.startsWith('{\n  "slug": "my-campaign",\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toMatch(/\/\/|\/\*/);
  });

  it('refuses slugs the schema refuses', () => {
    for (const slug of ['', 'My-Campaign', '-dash', 'dash-', 'a_b', 'x'.repeat(65), 'a/../b']) expect(v.is(CampaignSlug, slug)).toBe(false);
  });
});

describe('docs/campaign-file.md: Define a campaign', () => {
  it('shows the template for my-campaign as plain JSON that parses and validates', () => {
    const blocks = defineCampaignBlocks();
    expect(blocks.map((b) => b.lang)).not.toContain('jsonc');
    const json = blocks.filter((b) => b.lang === 'json');
    expect(json).toHaveLength(1);
    const shown: unknown = JSON.parse(json[0]?.text ?? '');
    expect(shown).toEqual(campaignTemplate('my-campaign'));
    expect(parseCampaignFile(shown).slug).toBe('my-campaign');
  });

  it('shows error lines the schema really writes', () => {
    const block = defineCampaignBlocks().find((b) => b.text.includes('is not a valid campaign file'));
    const { privacy, ...noPrivacy } = campaignTemplate('my-campaign');
    const bad = {
      ...noPrivacy,
      mail: { ...noPrivacy.mail, to: 'solidarity at example.org' },
      targets: [noPrivacy.targets[0], { ...noPrivacy.targets[1], country: 'Germany' }],
    };
    expect(privacy).toBeTruthy();
    const error = (() => {
      try {
        parseCampaignFile(bad);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(CampaignFileError);
    const problems = error instanceof CampaignFileError ? error.problems : [];
    expect(block?.text.split('\n').slice(1, -1)).toEqual(problems.map((p) => `  ${p}`));
  });
});

describe('campaign files that are not JSON', () => {
  const messageOf = (text: string) => {
    try {
      JSON.parse(text);
      return '';
    } catch (err) {
      return jsonErrorAt(text, err instanceof Error ? err.message : '');
    }
  };

  it('points at a comment by line and column', () => {
    expect(messageOf('{\n  "slug": "x", // the URL\n}')).toBe('line 2, column 16: comments are not allowed in JSON: remove this one');
  });

  it('points at a comma before a closing bracket', () => {
    expect(messageOf('{\n  "demands": ["a",]\n}')).toBe('line 2, column 18: a comma before a closing } or ] is not allowed in JSON: remove it');
  });
});

describe('npm run campaign -- push / pull: files and the browser agree', () => {
  const row = async (slug: string) => {
    const s = storedFileStatement(slug);
    return v.parse(StoredRow, await env.DB.prepare(s.sql).bind(...s.params).first());
  };
  const stored = async (slug: string) => {
    const r = await row(slug);
    return { file: fileFromStored(r), sourceHash: r.source_hash };
  };
  const StoredRow = v.object({ file: v.nullable(v.string()), source_hash: v.string(), status: v.string(), draft: v.number(), closes_at: v.nullable(v.number()), rebuilt: v.string(), pickets: v.string() });

  it('lets a push through after a push, and refuses one after a browser edit, naming the fields that differ', async () => {
    const file = await createCampaign();
    await runBatch(env.DB, campaignUpsertStatements(file, fileHash(file), Date.now()));
    const local = { ...file, goal: 777 };
    expect(pushRefusal(await stored(file.slug), local)).toBeNull();
    // An edit in the browser (or the API) stores a `web:` hash.
    await saveCampaignFile(env.DB, { file: { ...file, title: 'Edited in the browser' }, before: file, actor: 'a@example.org', action: 'campaign.edit' });
    expect(pushRefusal(await stored(file.slug), local)).toBe(
      `Campaign ${file.slug} was edited in the browser since its last push; these fields differ from your file: goal, title.\n` +
        `Take the browser's version with  npm run campaign -- pull ${file.slug}  (then edit and push), or overwrite it with --force.`,
    );
    // The browser's own version may be pushed: nothing would be lost.
    expect(pushRefusal(await stored(file.slug), { ...file, title: 'Edited in the browser' })).toBeNull();
  });

  it('after a pull, the pulled file (edited) pushes, and writes what pull wrote', async () => {
    const file = await createCampaign();
    await saveCampaignFile(env.DB, { file: { ...file, title: 'From the browser' }, before: file, actor: 'a@example.org', action: 'campaign.edit' });
    const before = await stored(file.slug);
    const pulled = parseCampaignFile(JSON.parse(pulledText(before.file)));
    expect(pulled.title).toBe('From the browser');
    const marked = markPulledStatement(file.slug, before.sourceHash, fileHash(pulled));
    await env.DB.prepare(marked.sql).bind(...marked.params).run();
    expect(pushRefusal(await stored(file.slug), { ...pulled, goal: 999 })).toBeNull();
  });

  it('fails the push batch when the campaign changed after the push read it', async () => {
    const file = await createCampaign();
    const guard = unchangedSinceStatement(file.slug, 'an-older-hash');
    await expect(runBatch(env.DB, [guard, ...campaignUpsertStatements({ ...file, goal: 5 }, 'new-hash', Date.now())])).rejects.toThrow(/CHECK constraint failed/);
    expect(await env.DB.prepare('SELECT goal FROM campaigns WHERE slug = ?1').bind(file.slug).first('goal')).toBe(file.goal);
  });
});

describe('npm run campaign: values are bound, never spliced into SQL', () => {
  const sources = import.meta.glob(['../scripts/**/*.ts', '../src/**/*.ts'], { query: '?raw', import: 'default', eager: true });

  it('has no code that renders statements as SQL text or runs SQL through wrangler d1 execute', () => {
    const names = Object.keys(sources);
    expect(names).toContain('../scripts/lib/campaign-push.ts');
    const offending = names.filter((name) => /toSqlText|sqlLiteral|'d1', 'execute'/.test(String(sources[name])));
    expect(offending).toEqual([]);
  });
});
