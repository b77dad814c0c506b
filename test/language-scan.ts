/**
 * What people read on a page or in a mail, and the strings in it that belong to another
 * language (issue 27, point 2). Pure functions: the workerd tests feed them rendered pages
 * and mails; docs/languages.md says what each rule catches and how to allow a word.
 */
import { CATALOGS, type Locale, LOCALES } from '../src/i18n/index';
import { countryOptions } from '../src/lib/countries';

/** Writing systems of the interface languages; a new language adds its line here. */
const SCRIPT: Record<string, 'latin' | 'cyrillic'> = { en: 'latin', de: 'latin', fr: 'latin', es: 'latin', ru: 'cyrillic', kk: 'cyrillic', uk: 'cyrillic' };

/**
 * Latin words a Cyrillic page may carry: the product's name, other brands and technical
 * terms a reader knows as they are. Anything else in Latin letters on a ru or kk page is a
 * leak (an English city, embassy or country name, an untranslated string).
 */
export const LATIN_ALLOWED = new Set(['Solidarity', 'UTC', 'CSV', 'JSON', 'SHA', 'Merkle', 'OpenStreetMap', 'WhatsApp', 'Telegram', 'VK', 'X', 'Facebook', 'Bluesky', 'Mastodon', 'Signal', 'Email', 'iCal', 'ics', 'Google', 'Outlook', 'Apple', 'SVG', 'HTML', 'iframe', 'RSS', 'IP', 'API', 'JavaScript']);

/** Two capitals that are a word in Latin-script interfaces, not a country code ("Request ID"). */
const LATIN_WORDS = new Set(['ID', 'OK']);

/** Attributes people read (or hear): the rest (href, data-*, class…) are for machines. */
const READ_ATTRIBUTES = ['alt', 'title', 'aria-label', 'placeholder', 'label'];
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements whose content is code or data, not prose: a snippet to copy, a script, a style, what a user typed. */
const SKIPPED = new Set(['script', 'style', 'pre', 'code', 'template', 'noscript', 'svg', 'textarea']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? whole;
  });

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    if (m.index === 0) continue; // the tag's name
    out.set((m[1] ?? '').toLowerCase(), decode(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/** One readable piece: its text and where it was (an element path, an attribute). */
export type Piece = { text: string; where: string };

/**
 * The text nodes and read attributes of an HTML page in its own language: scripts, styles,
 * code and subtrees marked with another `lang` (the language switcher's names) left out.
 * Meta tags a link preview shows (description, og:title…) count as text.
 */
export function readableHtml(html: string, { svg = false } = {}): Piece[] {
  const pieces: Piece[] = [];
  const stack: { name: string; skip: boolean }[] = [];
  let pageLang = '';
  const skipping = () => stack.some((s) => s.skip);
  const path = () => stack.map((s) => s.name).join('>');
  for (const m of html.matchAll(/<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/?([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+/gi)) {
    const token = m[0];
    const name = m[1]?.toLowerCase();
    if (token.startsWith('<!')) continue;
    if (!name) {
      if (!skipping() && token.trim()) pieces.push({ text: decode(token), where: path() });
      continue;
    }
    if (token.startsWith('</')) {
      const at = stack.map((s) => s.name).lastIndexOf(name);
      if (at >= 0) stack.length = at;
      continue;
    }
    const attrs = attributes(token);
    const lang = attrs.get('lang');
    if (name === 'html' && lang) pageLang = lang;
    const otherLang = Boolean(lang && pageLang && lang !== pageLang);
    const skip = (SKIPPED.has(name) && !(svg && name === 'svg')) || otherLang;
    if (!skip && !skipping()) {
      for (const a of READ_ATTRIBUTES) {
        const value = attrs.get(a);
        if (value?.trim()) pieces.push({ text: value, where: `${path()}>${name}[${a}]` });
      }
      const type = attrs.get('type');
      if (name === 'input' && (type === 'submit' || type === 'button')) pieces.push({ text: attrs.get('value') ?? '', where: `${path()}>input[value]` });
      const property = attrs.get('property') ?? attrs.get('name') ?? '';
      if (name === 'meta' && /^(description|og:title|og:description|og:image:alt|og:site_name)$/.test(property)) pieces.push({ text: attrs.get('content') ?? '', where: `meta[${property}]` });
    }
    if (!VOID.has(name) && !token.endsWith('/>')) stack.push({ name, skip });
  }
  return pieces;
}

/**
 * The strings of a JSON answer people read once a script draws them (the widget's labels,
 * the pickets for other sites): every string value but those under `skipKeys` (ids, times,
 * URLs, codes a script uses).
 */
export function readableJson(value: unknown, skipKeys: string[], where = '$'): Piece[] {
  // A template the script fills ("I agree to the {privacy}") is meant to hold its placeholder.
  if (typeof value === 'string') return value.trim() ? [{ text: value.replace(/\{\w+\}/g, ' '), where }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => readableJson(v, skipKeys, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (skipKeys.includes(k) ? [] : readableJson(v, skipKeys, `${where}.${k}`)));
  return [];
}

/** A plain-text mail or subject, line by line. */
export function readableText(text: string, where: string, quoted: string[] = []): Piece[] {
  // A text quoted as it was sent (a letter in its recipient's language) is marked in HTML (lang=), not in plain text.
  const others = new Set(quoted.flatMap((q) => q.split('\n')).map((l) => l.trim()).filter(Boolean));
  return text.split('\n').flatMap((line, i) => (line.trim() && !others.has(line.trim()) ? [{ text: line, where: `${where}:${i + 1}` }] : []));
}

// Addresses, links and numbers-with-letters (receipt ids, hashes) are no words of any language.
const NOT_WORDS = [/\bhttps?:\/\/\S+/g, /\b\S+@\S+\.\w+\b/g, /\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|example|localhost|kz|ru|de|js|svg|json|csv|ics)\b/gi, /\b[\w-]*\d[\w-]*\b/g, /\/[\w/.-]+/g];
const strip = (s: string) => NOT_WORDS.reduce((acc, re) => acc.replace(re, ' '), s);

const letters = (s: string) => new Set([...s.toLowerCase()].filter((ch) => /\p{L}/u.test(ch)));
// A language's words: its catalogue's and its country names ("Того" is Kazakh too, "Новая Зеландия" Russian only).
const catalogText = (l: Locale) => `${JSON.stringify(Object.values(CATALOGS[l])).replace(/\{\w+\}/g, ' ')} ${countryOptions(l).map((c) => c.name).join(' ')}`;
const wordsOf = (s: string) => new Set(s.toLowerCase().match(/\p{L}[\p{L}’'-]*\p{L}/gu) ?? []);

type Rules = { script: 'latin' | 'cyrillic'; foreignLetters: Set<string>; foreignWords: Map<string, Locale> };
const rulesCache = new Map<Locale, Rules>();

/**
 * A language's rules, derived from the catalogues so a new language gets them too: the
 * letters other languages of the same script use and it does not (ә ғ қ ң ө ұ ү һ і on a
 * Russian page; ä ö ü ß on an English one), and the words only another catalogue has
 * (4 letters or more: "подпись" on a Kazakh page, "signature" on a German one).
 */
function rulesFor(locale: Locale): Rules {
  let rules = rulesCache.get(locale);
  if (rules) return rules;
  const script = SCRIPT[locale] ?? 'latin';
  const own = catalogText(locale);
  const ownLetters = letters(own);
  const ownWords = wordsOf(own);
  const foreignLetters = new Set<string>();
  const foreignWords = new Map<string, Locale>();
  for (const other of LOCALES) {
    if (other === locale || (SCRIPT[other] ?? 'latin') !== script) continue;
    const text = catalogText(other);
    for (const ch of letters(text)) if (!ownLetters.has(ch) && /[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(ch)) foreignLetters.add(ch);
    for (const w of wordsOf(text)) if (w.length >= 4 && !ownWords.has(w) && !LATIN_ALLOWED.has(w)) foreignWords.set(w, other);
  }
  rules = { script, foreignLetters, foreignWords };
  rulesCache.set(locale, rules);
  return rules;
}

/** One string of the wrong language (or a code, a key, a placeholder) and where it was. */
export type Finding = { found: string; rule: string; where: string; text: string };

/**
 * What in `pieces` does not belong on a page in `locale`. `allowed` are further words the
 * caller knows are fine (what a test supporter typed: user content is shown as typed);
 * `ownText` is more text known to be in `locale` (the campaign's own, as its translators
 * wrote it), whose words are no other language's ("also" is English as well as German).
 */
export function foreignStrings(pieces: Piece[], locale: Locale, allowed: Iterable<string> = [], ownText = ''): Finding[] {
  const { script, foreignLetters } = rulesFor(locale);
  const own = wordsOf(ownText);
  const foreignWords = own.size === 0 ? rulesFor(locale).foreignWords : new Map([...rulesFor(locale).foreignWords].filter(([w]) => !own.has(w)));
  const ok = new Set([...LATIN_ALLOWED, ...allowed]);
  const findings: Finding[] = [];
  const flag = (found: string, rule: string, p: Piece) => findings.push({ found, rule, where: p.where, text: p.text.trim().slice(0, 160) });
  for (const p of pieces) {
    // Allowed words go first, whole or as part of a compound ("IP-адрес").
    const text = strip(p.text).replace(/[\p{L}\p{M}’']+/gu, (w) => (ok.has(w) ? ' ' : w));
    for (const m of p.text.matchAll(/\{\w+\}|\b[a-z]+(?:\.[a-z][A-Za-z]*)+\b/g)) {
      // A message key ("picket.noneHere") or a placeholder left unfilled ("{country}"); a file name is neither.
      if (m[0].startsWith('{') || !/\.(?:png|jpe?g|svg|js|css|json|csv|ics|org|com|net|example)$/.test(m[0])) {
        if (!strip(m[0]).trim()) continue;
        flag(m[0], 'key or placeholder', p);
      }
    }
    for (const m of text.matchAll(/(?<![\p{L}\p{N}])[A-Z]{2}(?![\p{L}\p{N}])/gu)) if (!(script === 'latin' && LATIN_WORDS.has(m[0]))) flag(m[0], 'two-letter code', p);
    if (script === 'cyrillic') {
      for (const m of text.matchAll(/\p{Script=Latin}[\p{Script=Latin}’'-]*/gu)) flag(m[0], 'Latin word', p);
    } else {
      for (const m of text.matchAll(/\p{Script=Cyrillic}+/gu)) flag(m[0], 'Cyrillic', p);
    }
    for (const ch of text.toLowerCase()) if (foreignLetters.has(ch)) flag(ch, 'letter of another language', p);
    for (const w of wordsOf(text)) {
      const other = foreignWords.get(w);
      if (other) flag(w, `word of ${other}`, p);
    }
  }
  return findings;
}

/** The findings as lines a failing test prints. */
export function report(label: string, findings: Finding[]): string[] {
  const lines = new Map<string, string[]>();
  for (const f of findings) {
    const key = `${label} — ${f.rule} in "${f.text}" (${f.where})`;
    const found = lines.get(key) ?? [];
    if (!found.includes(f.found)) found.push(f.found);
    lines.set(key, found);
  }
  return [...lines].map(([key, found]) => `${key}: ${found.join(' ')}`);
}
