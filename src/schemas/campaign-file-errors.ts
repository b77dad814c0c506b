import type * as v from 'valibot';

type Issue = v.BaseIssue<unknown>;

/**
 * What the formatter knows about the file's shape, by path pattern (array indices as `[]`,
 * e.g. `targets[].email`): what to add when a field is missing, and each object's fields.
 */
export type FileShape = { missing: Record<string, string>; fields: Record<string, readonly string[]> };

function keyText(item: { key: unknown }, first: boolean): string {
  if (typeof item.key === 'number') return `[${item.key}]`;
  const key = String(item.key);
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `[${JSON.stringify(key)}]`;
  return first ? key : `.${key}`;
}

/** `targets[3].country`: the path as it would be written in JavaScript. */
export function pathOf(path: readonly { key: unknown }[] | undefined, arrays = true): string {
  return (path ?? []).map((item, i) => (typeof item.key === 'number' && !arrays ? '[]' : keyText(item, i === 0))).join('');
}

// Characters a terminal would act on or hide, shown as escapes.
const INVISIBLE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd-\uffff]/gu;

/** A value as the sentence quotes it: strings in JSON quotes (shortened, invisible characters escaped). */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    const short = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(short).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * The value as written in the file: pipes trim and lower-case before they check, so the
 * issue's own input may differ; the path's last item keeps the original.
 */
function written(issue: Issue): unknown {
  const last = issue.path?.at(-1);
  return last && last.origin === 'value' ? last.value : issue.input;
}

function quoted(keys: readonly string[]): string {
  return keys.map((k) => JSON.stringify(k)).join(', ');
}

/** The picklist's options, from valibot's `("a" | "b")`. */
function options(expected: string | null): string[] {
  const list = (expected ?? '').replace(/^\((.*)\)$/s, '$1').split(' | ');
  return list.flatMap((o) => (/^".*"$/.test(o) ? [o.slice(1, -1)] : []));
}

/** Edit distance, to suggest the field a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const near = (c: string) => {
    const other = c.toLowerCase();
    if (lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other))) return 1;
    return distance(lower, other);
  };
  const best = candidates.map((c) => ({ c, d: near(c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= (word.length >= 5 ? 2 : 1) ? best.c : undefined;
}

/**
 * valibot names only the first unknown key of an object; this names each one, from the
 * object itself (the issue's last path item holds it) and the fields it may have.
 */
function unknownFields(issue: Issue, shape: FileShape): string[] {
  const last = issue.path?.at(-1);
  const parentPath = issue.path?.slice(0, -1) ?? [];
  const fields = shape.fields[pathOf(parentPath, false)];
  const parent = last?.input;
  const keys = fields && parent && typeof parent === 'object' && !Array.isArray(parent) ? Object.keys(parent).filter((k) => !fields.includes(k)) : [String(issue.input)];
  return keys.map((key) => {
    const path = pathOf([...parentPath, { key }]);
    const guess = closest(key, fields ?? []);
    return `${path}: ${guess ? `is not a known field — did you mean "${guess}"?` : 'is not a known field (check its spelling)'}`;
  });
}

function missingField(issue: Issue, shape: FileShape): string {
  const pattern = pathOf(issue.path, false);
  const fields = shape.fields[pattern];
  const hint = shape.missing[pattern] ?? (fields ? `{ ${quoted(fields)} }` : undefined);
  return hint ? `is missing — add ${hint}` : 'is missing';
}

function sizeSentence(issue: Issue, bound: 'at least' | 'at most'): string {
  const input = issue.input;
  if (typeof input === 'string') return `must be ${bound} ${issue.requirement} characters long (got ${input.length})`;
  const length = Array.isArray(input) ? input.length : 0;
  return `must have ${bound} ${issue.requirement} entries (got ${length})`;
}

function objectSentence(issue: Issue, shape: FileShape): string {
  if (issue.input === undefined && issue.expected?.startsWith('"')) return missingField(issue, shape);
  const fields = shape.fields[pathOf(issue.path, false)];
  return `must be an object${fields ? ` { ${quoted(fields)} }` : ''} (got ${shown(written(issue))})`;
}

function picklistSentence(issue: Issue): string {
  const choices = options(issue.expected);
  const custom = !issue.message.startsWith('Invalid ');
  const base = custom ? issue.message : choices.length === 2 ? `must be ${quoted(choices).replace(', ', ' or ')}` : `must be one of ${quoted(choices)}`;
  const guess = typeof issue.input === 'string' ? choices.find((c) => c.toLowerCase() === String(issue.input).toLowerCase()) : undefined;
  return `${base} (got ${shown(written(issue))}${guess ? `; did you mean "${guess}"?` : ''})`;
}

function typeSentence(issue: Issue): string | undefined {
  const input = written(issue);
  const got = `(got ${shown(input)})`;
  switch (issue.type) {
    case 'string':
      return `must be text in quotes ${got}`;
    case 'number':
      return typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input)) ? `must be a number without quotes ${got}` : `must be a number ${got}`;
    case 'boolean':
      return `must be true or false ${got}`;
    case 'array':
      return typeof input === 'string' ? `must be a list, such as [${shown(input)}]` : `must be a list [ … ] ${got}`;
    case 'record':
      return `must be an object ${got}`;
    case 'integer':
      return `must be a whole number ${got}`;
    case 'min_value':
      return `must be at least ${issue.requirement} ${got}`;
    case 'max_value':
      return `must be at most ${issue.requirement} ${got}`;
    case 'min_length':
      return sizeSentence(issue, 'at least');
    case 'max_length':
      return sizeSentence(issue, 'at most');
    case 'non_empty':
      return 'must not be empty';
    case 'email':
      return `must be an email address ${got}`;
    default:
      return undefined;
  }
}

/** One issue as a sentence, without its path (the editor shows it next to its field). */
export function sentence(issue: Issue, shape: FileShape): string {
  if (issue.type === 'object' || issue.type === 'strict_object' || issue.type === 'loose_object') return objectSentence(issue, shape);
  if (issue.type === 'picklist') return picklistSentence(issue);
  // Checks across fields write their whole sentence.
  if (issue.type === 'raw_check') return issue.message;
  const byType = typeSentence(issue);
  if (byType) return byType;
  // Shared address schemas carry the supporter form's message keys.
  if (issue.message.startsWith('error.email.')) return `must be an email address (got ${shown(written(issue))})`;
  const message = issue.message.startsWith('Invalid ') ? 'is not valid' : issue.message;
  const input = written(issue);
  return typeof input === 'string' ? `${message} (got ${shown(input)})` : message;
}

/**
 * Every issue as one line a person can act on, naming the field:
 * `mail.to: must be an email address (got "foo")`. Issues about the whole file start "The file".
 */
export function describeIssues(issues: readonly Issue[], shape: FileShape): string[] {
  return issues.flatMap((issue) => {
    if (issue.expected === 'never' && issue.path) return unknownFields(issue, shape);
    const path = pathOf(issue.path);
    return path ? `${path}: ${sentence(issue, shape)}` : `The file ${sentence(issue, shape)}`;
  });
}
