/**
 * A JSON.parse error as a line and column, naming the two things people carry over from
 * JavaScript and the README's old JSONC example: comments and a comma before a closing
 * bracket. Those are found by scanning the text (outside strings), since the engine's
 * message does not always give a position.
 */

/** Where the first comment or trailing comma is, outside strings; null when there is none. */
function findJsOnly(text: string): { at: number; what: string } | null {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return { at: i, what: 'comments are not allowed in JSON: remove this one' };
    else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200))) return { at: i, what: 'a comma before a closing } or ] is not allowed in JSON: remove it' };
  }
  return null;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  return `line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n')}`;
}

/** Says where and why `text` is not JSON, given JSON.parse's message. */
export function jsonErrorAt(text: string, message: string): string {
  const jsOnly = findJsOnly(text);
  if (jsOnly) return `${lineAndColumn(text, jsOnly.at)}: ${jsOnly.what}`;
  const position = Number(/at position (\d+)/.exec(message)?.[1] ?? NaN);
  if (!Number.isInteger(position)) return message;
  return `${lineAndColumn(text, position)}: ${message.replace(/ in JSON at position \d+.*$/s, '')}`;
}
