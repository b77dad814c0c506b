import { describe, expect, it } from 'vitest';
import { CSS as WIDGET_CSS } from '../src/widget/style';

// Physical directions that break right-to-left layouts; their logical forms (margin-inline-start,
// inset-inline-end, text-align: start…) are what the stylesheets use.
const PHYSICAL = [
  /\b(margin|padding|border|inset|scroll-margin|scroll-padding)-(left|right)\b/,
  /\bborder-(top|bottom)-(left|right)-radius\b/,
  /(^|[;{\s])(left|right)\s*:/,
  /\b(text-align|float|clear|caption-side)\s*:\s*(left|right)\b/,
  /\bbackground-position(-x)?\s*:[^;}]*\b(left|right)\b/,
];

/** Each declaration that names a physical side, with its file. */
function physical(file: string, css: string): string[] {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return code
    .split(/[;{}]/)
    .map((decl) => decl.trim())
    .filter((decl) => PHYSICAL.some((re) => re.test(` ${decl}`)))
    .map((decl) => `${file}: ${decl}`);
}

describe('stylesheets', () => {
  it('use logical properties only: no left/right in public/*.css or the widget styles', () => {
    const sheets = import.meta.glob('../public/*.css', { query: '?raw', import: 'default', eager: true });
    const files = Object.entries(sheets).filter((e): e is [string, string] => typeof e[1] === 'string');
    expect(files.map(([f]) => f).sort()).toEqual(['../public/app.css', '../public/embed.css']);
    const found = [...files.flatMap(([file, css]) => physical(file, css)), ...physical('src/widget/style.ts', WIDGET_CSS)];
    expect(found).toEqual([]);
  });

  it('catches a physical property when one appears', () => {
    expect(physical('x.css', '.a{margin-left:1px}.b{ right: 0 }.c{text-align:left}.d{border-top-right-radius:2px}.e{float:right}')).toHaveLength(5);
    expect(physical('x.css', '.a{margin-inline-start:1px;inset-inline-end:0;text-align:start;border-start-end-radius:2px}')).toEqual([]);
  });
});
