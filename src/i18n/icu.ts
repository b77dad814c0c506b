/**
 * The subset of ICU MessageFormat the message files use (src/i18n/messages/*.json):
 * plain text, `{name}` arguments, and `{count, plural, =0 {…} one {…} other {…}}` or
 * `{kind, select, a {…} other {…}}` choices nested to any depth, with `#` in a plural's
 * branch for its number and ICU's apostrophe quoting (`''` is one apostrophe; `'{'`, `'}'`
 * and, in a plural's branch, `'#'` are literal). No offsets, ordinals or typed arguments
 * (`{n, number}`): numbers are formatted for the locale anyway.
 *
 * A message is parsed once (see translator in ./index) and formatted by walking its parts.
 */

/** `{name}`: the value, a number formatted for the locale. */
type Arg = { kind: 'arg'; name: string };
/** `#` in a plural's branch: the plural's number, formatted for the locale. */
type Pound = { kind: '#' };
/** `{name, plural|select, key {…} … other {…}}`: the branch chosen by the value. */
type Choice = { kind: 'plural' | 'select'; name: string; branches: Map<string, Part[]> };
export type Part = string | Arg | Pound | Choice;

/** A message that is no ICU this parser reads, with where it went wrong. */
export class MessageSyntaxError extends Error {
  constructor(reason: string, text: string, at: number) {
    super(`${reason} at ${at} in ${JSON.stringify(text)}`);
    this.name = 'MessageSyntaxError';
  }
}

const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
const NAME = /[A-Za-z0-9_]/;
const SPACE = /\s/;

/** Parses a message into its parts; throws MessageSyntaxError on anything outside the subset. */
export function parseMessage(text: string): Part[] {
  let i = 0;
  const fail: (reason: string) => never = (reason) => {
    throw new MessageSyntaxError(reason, text, i);
  };
  const skipSpace = () => {
    while (i < text.length && SPACE.test(text.charAt(i))) i++;
  };
  const word = (what: string, allowEquals = false) => {
    const start = i;
    if (allowEquals && text.charAt(i) === '=') i++;
    while (i < text.length && NAME.test(text.charAt(i))) i++;
    if (i === start || (allowEquals && i === start + 1 && text.charAt(start) === '=')) fail(`expected ${what}`);
    return text.slice(start, i);
  };

  /** Text and arguments up to the end, or to the `}` closing a branch when `nested`. */
  const parts = (inPlural: boolean, nested: boolean): Part[] => {
    const out: Part[] = [];
    let literal = '';
    const flush = () => {
      if (literal) out.push(literal);
      literal = '';
    };
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === "'") {
        const next = text.charAt(i + 1);
        if (next === "'") {
          literal += "'";
          i += 2;
        } else if (next === '{' || next === '}' || next === '|' || (inPlural && next === '#')) {
          // Quoted text, to the next lone apostrophe (or the end, as ICU does).
          i++;
          while (i < text.length) {
            if (text.charAt(i) === "'") {
              if (text.charAt(i + 1) !== "'") break;
              i++;
            }
            literal += text.charAt(i++);
          }
          i++;
        } else {
          literal += ch;
          i++;
        }
      } else if (ch === '{') {
        flush();
        out.push(argument());
      } else if (ch === '}') {
        if (nested) break;
        fail('unmatched }');
      } else if (ch === '#' && inPlural) {
        flush();
        out.push({ kind: '#' });
        i++;
      } else {
        literal += ch;
        i++;
      }
    }
    flush();
    return out;
  };

  /** From a `{` to its `}`. */
  const argument = (): Arg | Choice => {
    i++;
    skipSpace();
    const name = word('an argument name');
    skipSpace();
    if (text.charAt(i) === '}') {
      i++;
      return { kind: 'arg', name };
    }
    if (text.charAt(i) !== ',') fail('expected } or ,');
    i++;
    skipSpace();
    const kind = word('plural or select');
    if (kind !== 'plural' && kind !== 'select') fail(`unsupported argument type "${kind}"`);
    skipSpace();
    if (text.charAt(i) !== ',') fail('expected ,');
    i++;
    const branches = new Map<string, Part[]>();
    for (;;) {
      skipSpace();
      if (i >= text.length) fail('unclosed {');
      if (text.charAt(i) === '}') {
        i++;
        break;
      }
      const key = word(kind === 'plural' ? 'a plural category or =n' : 'a select key', kind === 'plural');
      if (kind === 'plural' && !key.startsWith('=') && !PLURAL_CATEGORIES.has(key)) fail(`"${key}" is no plural category (zero, one, two, few, many, other or =n)`);
      if (kind === 'plural' && key.startsWith('=') && !/^=\d+$/.test(key)) fail(`"${key}" is no exact number`);
      if (branches.has(key)) fail(`"${key}" twice`);
      skipSpace();
      if (text.charAt(i) !== '{') fail(`expected { after "${key}"`);
      i++;
      branches.set(key, parts(kind === 'plural', true));
      if (text.charAt(i) !== '}') fail('unclosed {');
      i++;
    }
    if (!branches.has('other')) fail(`${kind} without an "other" branch`);
    return { kind, name, branches };
  };

  return parts(false, false);
}

/** What formatting needs of the locale. */
export type Formats = { plural: Intl.PluralRules; number: Intl.NumberFormat };

/**
 * The message with `vars` put in: numbers formatted for the locale, a plural's branch chosen
 * by an exact `=n` then by its category. A missing argument stays as written (`{name}`), and a
 * plural or select without its value takes `other`.
 */
export function formatMessage(parts: readonly Part[], vars: Readonly<Record<string, string | number>>, formats: Formats, pound?: { name: string; value: unknown }): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
    } else if (part.kind === 'arg') {
      const value = vars[part.name];
      out += value === undefined ? `{${part.name}}` : typeof value === 'number' ? formats.number.format(value) : value;
    } else if (part.kind === '#') {
      const value = pound?.value;
      out += typeof value === 'number' ? formats.number.format(value) : value === undefined ? `{${pound?.name ?? ''}}` : String(value);
    } else {
      const value = vars[part.name];
      let branch: Part[] | undefined;
      if (part.kind === 'plural') {
        if (typeof value === 'number') branch = part.branches.get(`=${value}`) ?? part.branches.get(formats.plural.select(value));
      } else if (value !== undefined) {
        branch = part.branches.get(String(value));
      }
      out += formatMessage(branch ?? part.branches.get('other') ?? [], vars, formats, part.kind === 'plural' ? { name: part.name, value } : pound);
    }
  }
  return out;
}

/** The argument names a message uses (a plural's or select's own name included), sorted. */
export function argumentNames(parts: readonly Part[]): string[] {
  const names = new Set<string>();
  const walk = (list: readonly Part[]) => {
    for (const part of list) {
      if (typeof part === 'string' || part.kind === '#') continue;
      names.add(part.name);
      if (part.kind !== 'arg') for (const branch of part.branches.values()) walk(branch);
    }
  };
  walk(parts);
  return [...names].sort();
}

/** Every plural choice in a message, with the keys of its branches (for the catalogue check). */
export function pluralChoices(parts: readonly Part[]): { name: string; keys: string[] }[] {
  const found: { name: string; keys: string[] }[] = [];
  const walk = (list: readonly Part[]) => {
    for (const part of list) {
      if (typeof part === 'string' || part.kind === '#' || part.kind === 'arg') continue;
      if (part.kind === 'plural') found.push({ name: part.name, keys: [...part.branches.keys()] });
      for (const branch of part.branches.values()) walk(branch);
    }
  };
  walk(parts);
  return found;
}
