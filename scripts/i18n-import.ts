/**
 * Folds TypeScript message catalogues (the format before src/i18n/messages/*.json) into a
 * language's message file: every exported object of texts and plural forms in the modules
 * given is merged into src/i18n/messages/<lang>.json, keys sorted, plural forms written as
 * ICU MessageFormat (`{ one: '{count} signature', other: '{count} signatures' }` becomes
 * `{count, plural, one {# signature} other {# signatures}}`). A key already in the file
 * takes the module's text. Rerunnable: importing the same module twice changes nothing.
 *
 *   npx tsx scripts/i18n-import.ts en src/i18n/en-pickets.ts
 *   npx tsx scripts/i18n-import.ts de src/i18n/de-pickets.ts src/i18n/de-care.ts
 *
 * With `--base <rev>` (the commit a branch forked from: `git merge-base HEAD <branch>`), only
 * what the modules changed since that revision is taken: keys they add and texts they
 * reword. The other keys keep the message file's text, so a branch that forked before
 * someone else's rewording does not undo it.
 *
 *   npx tsx scripts/i18n-import.ts --base $(git merge-base HEAD p3-x) en src/i18n/en.ts
 *
 * Each text is checked after conversion: parsed as ICU and formatted for many counts, it must
 * read exactly as the TypeScript entry did. Then delete the modules (docs/translating.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatMessage, parseMessage } from '../src/i18n/icu';

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type Entry = string | Plural;

const CATEGORIES: Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];
/** The argument a TypeScript plural entry chose its form by. */
const PLURAL_ARG = 'count';

function isPlural(value: unknown): value is Plural {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return typeof (value as { other?: unknown }).other === 'string' && entries.every(([k, v]) => CATEGORIES.some((c) => c === k) && typeof v === 'string');
}

/** A catalogue: a plain object of texts and plural forms (at least one entry). */
function isCatalogue(value: unknown): value is Record<string, Entry> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([, v]) => typeof v === 'string' || isPlural(v));
}

/** A TypeScript text as ICU: `{name}` kept (`{count}` as `#` in a plural form), ICU's special characters quoted. */
export function icuText(text: string, inPlural: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const placeholder = /^\{(\w+)\}/.exec(text.slice(i));
    if (placeholder) {
      out += inPlural && placeholder[1] === PLURAL_ARG ? '#' : placeholder[0];
      i += placeholder[0].length;
      continue;
    }
    const ch = text.charAt(i);
    if (ch === "'") out += /['{}|#]/.test(text.charAt(i + 1)) ? "''" : "'";
    else if (ch === '{' || ch === '}' || (inPlural && ch === '#')) out += `'${ch}'`;
    else out += ch;
    i++;
  }
  return out;
}

/** An entry as one ICU message. */
export function toIcu(entry: Entry): string {
  if (typeof entry === 'string') return icuText(entry, false);
  const forms = CATEGORIES.filter((c) => entry[c] !== undefined).map((c) => `${c} {${icuText(entry[c] ?? '', true)}}`);
  return `{${PLURAL_ARG}, plural, ${forms.join(' ')}}`;
}

/** How the TypeScript translator read an entry (src/i18n/index.ts before the message files). */
function oldFormat(entry: Entry, vars: Record<string, string | number>, plural: Intl.PluralRules, number: Intl.NumberFormat): string {
  const count = typeof vars.count === 'number' ? vars.count : undefined;
  const text = typeof entry === 'string' ? entry : (entry[count === undefined ? 'other' : plural.select(count)] ?? entry.other);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? number.format(value) : value;
  });
}

/** Fails unless the ICU message reads as the entry did, for many counts and without one. */
function checkSame(lang: string, key: string, entry: Entry, icu: string): void {
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat('en');
  const parts = parseMessage(icu);
  const names = [...new Set(JSON.stringify(entry).match(/\{(\w+)\}/g) ?? [])].map((p) => p.slice(1, -1));
  const counts = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 111, 1000, 1001, 12345, 1.5];
  const trials: Record<string, string | number>[] = [{}, ...counts.map((count) => ({ ...Object.fromEntries(names.map((n) => [n, `<${n}>`])), count }))];
  for (const vars of trials) {
    const before = oldFormat(entry, vars, plural, number);
    const after = formatMessage(parts, vars, { plural, number });
    if (before !== after) throw new Error(`${lang} ${key}: the ICU message reads differently\n  was: ${before}\n  now: ${after}\n  ICU: ${icu}`);
  }
}

/** The catalogues a module exports, merged, by key. */
async function cataloguesOf(file: string): Promise<{ names: string[]; entries: Map<string, Entry> }> {
  const exports: Record<string, unknown> = await import(pathToFileURL(file).href);
  const catalogues = Object.entries(exports).filter(([, value]) => isCatalogue(value));
  const entries = new Map<string, Entry>();
  for (const [, catalogue] of catalogues) for (const [key, entry] of Object.entries(catalogue as Record<string, Entry>)) entries.set(key, entry);
  return { names: catalogues.map(([name]) => name), entries };
}

/** The module as it was at `rev` (its folder taken out of git, so its imports resolve); null where it did not exist. */
async function atRevision(rev: string, module: string, scratch: string): Promise<Map<string, Entry> | null> {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const relative = path.relative(root, path.resolve(module));
  try {
    execFileSync('git', ['cat-file', '-e', `${rev}:${relative}`], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const folder = path.dirname(relative);
  const out = path.join(scratch, rev);
  if (!existsSync(path.join(out, folder))) execFileSync('sh', ['-c', `mkdir -p "$2" && git -C "$3" archive "$1" "$4" | tar -x -C "$2"`, 'sh', rev, out, root, folder]);
  return (await cataloguesOf(path.join(out, relative))).entries;
}

function sameEntry(a: Entry | undefined, b: Entry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let base: string | undefined;
  const at = args.indexOf('--base');
  if (at >= 0) [, base] = args.splice(at, 2);
  const [lang, ...modules] = args;
  if (!lang || !/^[a-z]{2,3}$/.test(lang) || modules.length === 0 || (at >= 0 && !base)) {
    console.error('usage: npx tsx scripts/i18n-import.ts [--base <rev>] <lang> <path/to/module.ts>...');
    process.exit(2);
  }
  const file = path.join(import.meta.dirname, '..', 'src', 'i18n', 'messages', `${lang}.json`);
  const messages: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const english: Record<string, string> = lang === 'en' ? messages : JSON.parse(readFileSync(path.join(path.dirname(file), 'en.json'), 'utf8'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'i18n-import-'));
  let added = 0;
  let changed = 0;
  try {
    for (const module of modules) {
      const { names, entries } = await cataloguesOf(path.resolve(module));
      if (names.length === 0) throw new Error(`${module}: exports no catalogue (an object of texts and plural forms)`);
      const before = base ? await atRevision(base, module, scratch) : null;
      let taken = 0;
      for (const [key, entry] of entries) {
        if (before && sameEntry(before.get(key), entry)) continue;
        const icu = toIcu(entry);
        checkSame(lang, key, entry, icu);
        if (messages[key] === undefined) added++;
        else if (messages[key] !== icu) {
          changed++;
          console.log(`  ${key}\n    was: ${messages[key]}\n    now: ${icu}`);
        }
        messages[key] = icu;
        taken++;
      }
      console.log(`${module}: ${names.join(', ')} (${entries.size} keys${before ? `, ${taken} new or reworded since ${base}` : ''})`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const sorted = Object.fromEntries(Object.keys(messages).sort().map((k) => [k, messages[k]]));
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`${path.relative(process.cwd(), file)}: ${added} added, ${changed} changed, ${Object.keys(sorted).length} keys`);
  if (lang !== 'en') {
    const extra = Object.keys(sorted).filter((k) => !Object.hasOwn(english, k));
    const missing = Object.keys(english).filter((k) => !Object.hasOwn(sorted, k));
    if (extra.length) console.warn(`not in en.json (import English first, or drop them): ${extra.join(', ')}`);
    if (missing.length) console.warn(`${missing.length} English keys still untranslated: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`);
  }
}

await main();
