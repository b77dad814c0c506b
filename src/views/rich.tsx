import type { Child } from 'hono/jsx';

/**
 * A translated sentence with elements inside it: `{name}` placeholders (left in place by
 * the translator) become the given children, so each language orders them as it needs.
 */
export function Rich({ text, parts }: { text: string; parts: Record<string, Child> }) {
  const pieces = text.split(/(\{\w+\})/g).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name !== undefined && name in parts ? parts[name] : piece;
  });
  return <>{pieces.filter((p) => p !== '')}</>;
}
